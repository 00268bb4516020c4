# A small PyTorch program for the tracer's GPU check: eager MLP steps and a matmul loop, so launches
# come from PyTorch's own kernels (cudaLaunchKernel / cuLaunchKernel / cuLaunchKernelEx).
import torch

x = torch.randn(64, 1024, device="cuda")
layers = [torch.nn.Linear(1024, 1024).cuda() for _ in range(8)]
with torch.no_grad():
    for step in range(200):
        h = x
        for layer in layers:
            h = torch.nn.functional.gelu(layer(h))
        x = h / (h.norm() + 1.0)
    torch.cuda.synchronize()
print("torch", torch.__version__, "done", float(x.sum()))
