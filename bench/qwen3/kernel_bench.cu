// What one decode step of workloads/qwen3 is made of, measured piece by piece on the GPU:
//   - the host's cost of one kernel launch (eager mode is bounded by it),
//   - the GPU's cost of one kernel node in a CUDA Graph, with plain and programmatic edges,
//   - each matvec shape's time and bandwidth, weights streamed from HBM as in the model,
//   - the small kernels of a layer, each as a graph of 1,000 launches.
// Usage: qwen3_kernel_bench   (prints a table; about 10 s)
#include <cuda_runtime.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <functional>
#include <vector>

#include "workloads/qwen3/kernels.cuh"

namespace k = cudabench::qwen3::kernels;

#define CHECK(call)                                                             \
  do {                                                                          \
    cudaError_t err_ = (call);                                                  \
    if (err_ != cudaSuccess) {                                                  \
      std::fprintf(stderr, "%s failed: %s\n", #call, cudaGetErrorString(err_)); \
      std::exit(1);                                                             \
    }                                                                           \
  } while (0)

__global__ void empty_kernel() {}
__global__ void empty_pdl_kernel() {
  asm volatile("griddepcontrol.wait;" ::: "memory");
  asm volatile("griddepcontrol.launch_dependents;" ::: "memory");
}

namespace {

cudaStream_t stream;

double now_us() {
  return std::chrono::duration<double, std::micro>(std::chrono::steady_clock::now().time_since_epoch())
      .count();
}

// Captures `enqueue` (which issues `n` launches) as a graph and returns microseconds per launch,
// the best of 5 replays.
double graph_us_per_launch(const std::function<void()>& enqueue, int n) {
  cudaGraph_t g;
  cudaGraphExec_t e;
  CHECK(cudaStreamBeginCapture(stream, cudaStreamCaptureModeThreadLocal));
  enqueue();
  CHECK(cudaStreamEndCapture(stream, &g));
  CHECK(cudaGraphInstantiate(&e, g, 0));
  CHECK(cudaGraphLaunch(e, stream));
  CHECK(cudaStreamSynchronize(stream));
  cudaEvent_t a, b;
  CHECK(cudaEventCreate(&a));
  CHECK(cudaEventCreate(&b));
  float best = 1e30f;
  for (int r = 0; r < 5; ++r) {
    CHECK(cudaEventRecord(a, stream));
    CHECK(cudaGraphLaunch(e, stream));
    CHECK(cudaEventRecord(b, stream));
    CHECK(cudaEventSynchronize(b));
    float ms;
    CHECK(cudaEventElapsedTime(&ms, a, b));
    best = std::min(best, ms);
  }
  CHECK(cudaGraphExecDestroy(e));
  CHECK(cudaGraphDestroy(g));
  return best * 1000.0 / n;
}

void launch_pdl(void (*kernel)()) {
  cudaLaunchAttribute attr{};
  attr.id = cudaLaunchAttributeProgrammaticStreamSerialization;
  attr.val.programmaticStreamSerializationAllowed = 1;
  cudaLaunchConfig_t cfg{};
  cfg.gridDim = dim3(1);
  cfg.blockDim = dim3(32);
  cfg.stream = stream;
  cfg.attrs = &attr;
  cfg.numAttrs = 1;
  CHECK(cudaLaunchKernelEx(&cfg, kernel));
}

}  // namespace

int main() {
  CHECK(cudaStreamCreateWithFlags(&stream, cudaStreamNonBlocking));
  cudaDeviceProp prop;
  CHECK(cudaGetDeviceProperties(&prop, 0));
  std::printf("qwen3_kernel_bench on %s (%d SMs, L2 %d MB)\n", prop.name, prop.multiProcessorCount,
              prop.l2CacheSize >> 20);

  // Host cost of a launch: issue 20,000 empty kernels back to back.
  for (int i = 0; i < 2000; ++i) empty_kernel<<<1, 32, 0, stream>>>();
  CHECK(cudaStreamSynchronize(stream));
  const int n = 20000;
  double t0 = now_us();
  for (int i = 0; i < n; ++i) empty_kernel<<<1, 32, 0, stream>>>();
  double t1 = now_us();
  CHECK(cudaStreamSynchronize(stream));
  double t2 = now_us();
  std::printf("eager launch, host issue          %8.3f us/launch\n", (t1 - t0) / n);
  std::printf("eager launch, until GPU done      %8.3f us/launch\n", (t2 - t0) / n);
  std::printf("graph node, empty kernel          %8.3f us/node\n",
              graph_us_per_launch(
                  [] {
                    for (int i = 0; i < 1000; ++i) empty_kernel<<<1, 32, 0, stream>>>();
                  },
                  1000));
  std::printf("graph node, empty kernel, PDL     %8.3f us/node\n", graph_us_per_launch(
                                                                       [] {
                                                                         for (int i = 0; i < 1000; ++i)
                                                                           launch_pdl(empty_pdl_kernel);
                                                                       },
                                                                       1000));

  // Matvec shapes of Qwen3-0.6B: weights from a 2 GiB pool (40x L2), each launch on the next slice.
  const size_t pool_floats = (size_t{2} << 30) / sizeof(float);
  float *pool, *x, *y;
  CHECK(cudaMalloc(&pool, pool_floats * sizeof(float)));
  CHECK(cudaMalloc(&x, 4096 * sizeof(float)));
  CHECK(cudaMalloc(&y, 151936 * sizeof(float)));
  k::fill<<<4096, 256, 0, stream>>>(pool, static_cast<int64_t>(pool_floats), 1, 1, 0.0f, 0.01f);
  k::fill<<<16, 256, 0, stream>>>(x, 4096, 1, 2, 0.0f, 1.0f);
  CHECK(cudaStreamSynchronize(stream));
  struct Shape {
    const char* what;
    int rows, cols;
  } shapes[] = {{"q_proj 2048x1024", 2048, 1024}, {"k/v_proj 1024x1024", 1024, 1024},
                {"o_proj 1024x2048", 1024, 2048}, {"gate/up 3072x1024", 3072, 1024},
                {"down 1024x3072", 1024, 3072},   {"lm_head 151936x1024", 151936, 1024}};
  for (const Shape& s : shapes) {
    const size_t floats = static_cast<size_t>(s.rows) * s.cols;
    const int launches = static_cast<int>(std::min<size_t>(200, pool_floats / floats));
    auto enqueue = [&] {
      for (int i = 0; i < launches; ++i) {
        const float* w = pool + i * floats;
        // The geometry GpuModel::Impl::matvec uses.
        auto grid = [&](int rows_per_block) { return (s.rows + rows_per_block - 1) / rows_per_block; };
        if (s.cols == 1024)
          k::matvec_1024<<<grid(k::matvec_1024_rows), 32 * k::matvec_1024_rows, 0, stream>>>(w, x, y, s.rows);
        else if (s.cols == 2048)
          k::matvec_2048<<<grid(k::matvec_2048_rows), 64 * k::matvec_2048_rows, 0, stream>>>(w, x, y, s.rows);
        else
          k::matvec_3072<<<grid(k::matvec_3072_rows), 96 * k::matvec_3072_rows, 0, stream>>>(w, x, y, s.rows);
      }
    };
    double us = graph_us_per_launch(enqueue, launches);
    std::printf("matvec %-22s %8.3f us  %7.1f GB/s\n", s.what, us, floats * 4.0 / us / 1e3);
  }

  // The small kernels of one layer at position 63 (and 1023) of a 4096-token cache (1,000 launches each).
  float *buf, *cache, *scores, *stats, *cosb, *sinb;
  int32_t *pos, *tokens;
  CHECK(cudaMalloc(&buf, 8 * 4096 * sizeof(float)));
  CHECK(cudaMalloc(&cache, size_t{8} * 4096 * 128 * sizeof(float)));
  CHECK(cudaMalloc(&scores, 16 * 4096 * sizeof(float)));
  CHECK(cudaMalloc(&stats, 64 * sizeof(float)));
  CHECK(cudaMalloc(&cosb, 4096 * 64 * sizeof(float)));
  CHECK(cudaMalloc(&sinb, 4096 * 64 * sizeof(float)));
  CHECK(cudaMalloc(&pos, 2 * sizeof(int32_t)));
  CHECK(cudaMalloc(&tokens, 4097 * sizeof(int32_t)));
  CHECK(cudaMemset(buf, 0, 8 * 4096 * sizeof(float)));
  CHECK(cudaMemset(cache, 0, size_t{8} * 4096 * 128 * sizeof(float)));
  CHECK(cudaMemset(scores, 0, 16 * 4096 * sizeof(float)));
  CHECK(cudaMemset(stats, 0, 64 * sizeof(float)));
  CHECK(cudaMemset(tokens, 0, 4097 * sizeof(int32_t)));
  int32_t positions[2] = {63, 1023};  // pos[0]: 64 cached positions, pos[1]: 1,024
  CHECK(cudaMemcpy(pos, positions, sizeof positions, cudaMemcpyHostToDevice));
  float *a = buf, *b = buf + 4096, *c = buf + 8192, *d = buf + 12288;
  struct Small {
    const char* what;
    std::function<void()> one;
  } smalls[] = {
      {"embed (1024)", [&] { k::embed<<<4, 256, 0, stream>>>(pool, tokens, pos, a, 1024); }},
      {"sum_squares (1 row of 1024)", [&] { k::sum_squares<<<1, 256, 0, stream>>>(a, stats, 1024); }},
      {"sum_squares (16 rows of 128)", [&] { k::sum_squares<<<16, 128, 0, stream>>>(a, stats, 128); }},
      {"rms_scale (1024)", [&] { k::rms_scale<<<4, 256, 0, stream>>>(a, stats, b, 1024, 1024, 1e-6f); }},
      {"mul_weight (2048)", [&] { k::mul_weight<<<8, 256, 0, stream>>>(b, c, 128, 2048); }},
      {"rope_rotate (2048)", [&] { k::rope_rotate<<<8, 256, 0, stream>>>(a, b, 128, 2048); }},
      {"rope_apply (2048)", [&] { k::rope_apply<<<8, 256, 0, stream>>>(a, b, cosb, sinb, pos, 128, 2048); }},
      {"kv_store (1024)", [&] { k::kv_store<<<4, 256, 0, stream>>>(a, cache, pos, 128, 4096, 1024); }},
      {"attn_scores (16 heads, 64 pos)",
       [&] {
         k::attn_scores<<<16, k::attention_block, 0, stream>>>(a, cache, scores, pos, 128, 4096, 2, 0.088f);
       }},
      {"attn_scores (16 heads, 1024 pos)",
       [&] {
         k::attn_scores<<<16, k::attention_block, 0, stream>>>(a, cache, scores, pos + 1, 128, 4096, 2,
                                                               0.088f);
       }},
      {"attn_values (16 heads, 1024 pos)",
       [&] {
         k::attn_values<<<16, k::attention_block, 0, stream>>>(scores, cache, d, pos + 1, 128, 4096, 2);
       }},
      {"softmax_max", [&] { k::softmax_max<<<16, 256, 0, stream>>>(scores, stats, pos, 4096); }},
      {"softmax_exp_sum", [&] { k::softmax_exp_sum<<<16, 256, 0, stream>>>(scores, stats, pos, 4096); }},
      {"softmax_normalize", [&] { k::softmax_normalize<<<16, 256, 0, stream>>>(scores, stats, pos, 4096); }},
      {"attn_values (16 heads, 64 pos)",
       [&] { k::attn_values<<<16, k::attention_block, 0, stream>>>(scores, cache, d, pos, 128, 4096, 2); }},
      {"add (1024)", [&] { k::add<<<4, 256, 0, stream>>>(a, b, 1024); }},
      {"silu (3072)", [&] { k::silu<<<12, 256, 0, stream>>>(c, 3072); }},
      {"argmax_partial (151936)",
       [&] { k::argmax_partial<<<k::argmax_blocks, 256, 0, stream>>>(pool, 151936, stats, tokens + 2048); }},
  };
  for (const Small& s : smalls)
    std::printf("%-32s %8.3f us/launch in a graph\n", s.what,
                graph_us_per_launch(
                    [&] {
                      for (int i = 0; i < 1000; ++i) s.one();
                    },
                    1000));
  CHECK(cudaGetLastError());
  return 0;
}
