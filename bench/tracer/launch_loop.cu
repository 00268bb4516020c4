// A launch-bound CUDA loop for the tracer overhead benchmark: N launches of an empty kernel, through
// the runtime (<<<>>> -> cudaLaunchKernel -> cuLaunchKernel) or straight through the driver
// (cuLaunchKernel). Prints "ns_per_launch X" (wall time of the N launches plus the final sync / N).
// Usage: launch_loop [N=100000] [runtime|driver]
#include <cuda.h>
#include <cuda_runtime.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>

__global__ void empty_kernel() {}

static void check(cudaError_t err, const char* what) {
  if (err != cudaSuccess) {
    std::fprintf(stderr, "launch_loop: %s: %s\n", what, cudaGetErrorString(err));
    std::exit(1);
  }
}

int main(int argc, char** argv) {
  long n = argc > 1 ? std::atol(argv[1]) : 100000;
  bool driver = argc > 2 && !std::strcmp(argv[2], "driver");
  check(cudaFree(nullptr), "cudaFree (context creation)");
  CUfunction f = nullptr;
  check(cudaGetFuncBySymbol(&f, reinterpret_cast<const void*>(empty_kernel)), "cudaGetFuncBySymbol");
  auto launch = [&] {
    if (driver) {
      if (cuLaunchKernel(f, 1, 1, 1, 1, 1, 1, 0, nullptr, nullptr, nullptr) != CUDA_SUCCESS) {
        std::fprintf(stderr, "launch_loop: cuLaunchKernel failed\n");
        std::exit(1);
      }
    } else {
      empty_kernel<<<1, 1>>>();
    }
  };
  for (int i = 0; i < 2000; ++i) launch();  // warm-up: module load, queue steady state
  check(cudaDeviceSynchronize(), "warm-up");
  auto t0 = std::chrono::steady_clock::now();
  for (long i = 0; i < n; ++i) launch();
  check(cudaDeviceSynchronize(), "cudaDeviceSynchronize");
  auto t1 = std::chrono::steady_clock::now();
  double ns = std::chrono::duration<double, std::nano>(t1 - t0).count();
  std::printf("ns_per_launch %.1f\nlaunches %ld\n", ns / n, n + 2000);
  return 0;
}
