/* libfakecuda: exports the launch and sync entry points with their real signatures. Each call only
 * counts itself (the tracer probes the entry); syncs sleep so that they contain off-CPU time. */
#include "fake_cuda.h"

#include <time.h>

static unsigned long calls;

static void count(void) {
  __atomic_fetch_add(&calls, 1, __ATOMIC_RELAXED);
}

static void sleep_us(long us) {
  struct timespec ts = {0, us * 1000};
  nanosleep(&ts, 0);
}

CUresult cuLaunchKernel(CUfunction f, unsigned int gridDimX, unsigned int gridDimY, unsigned int gridDimZ,
                        unsigned int blockDimX, unsigned int blockDimY, unsigned int blockDimZ,
                        unsigned int sharedMemBytes, CUstream hStream, void** kernelParams, void** extra) {
  (void)f, (void)gridDimX, (void)gridDimY, (void)gridDimZ, (void)blockDimX, (void)blockDimY;
  (void)blockDimZ, (void)sharedMemBytes, (void)hStream, (void)kernelParams, (void)extra;
  count();
  return 0;
}

CUresult cuLaunchKernelEx(const CUlaunchConfig* config, CUfunction f, void** kernelParams, void** extra) {
  (void)config, (void)f, (void)kernelParams, (void)extra;
  count();
  return 0;
}

CUresult cuGraphLaunch(CUgraphExec hGraphExec, CUstream hStream) {
  (void)hGraphExec, (void)hStream;
  count();
  return 0;
}

CUresult cuCtxSynchronize(void) {
  sleep_us(2000);
  return 0;
}

CUresult cuStreamSynchronize(CUstream hStream) {
  (void)hStream;
  sleep_us(500);
  return 0;
}

CUresult cuEventSynchronize(CUevent hEvent) {
  (void)hEvent;
  sleep_us(500);
  return 0;
}

unsigned long fake_cuda_calls(void) {
  return __atomic_load_n(&calls, __ATOMIC_RELAXED);
}
