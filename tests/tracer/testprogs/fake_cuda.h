/* The CUDA driver API subset that libfakecuda exports, with the real signatures (cuda.h, CUDA 13),
 * so the tracer's argument decoding is exercised exactly as against libcuda. Test fixture only. */
#ifndef CUDABENCH_FAKE_CUDA_H
#define CUDABENCH_FAKE_CUDA_H

#ifdef __cplusplus
extern "C" {
#endif

typedef int CUresult;
typedef struct CUfunc_st* CUfunction;
typedef struct CUstream_st* CUstream;
typedef struct CUgraphExec_st* CUgraphExec;
typedef struct CUevent_st* CUevent;

typedef struct CUlaunchAttribute_st {
  int id;
  char pad[4];
  char value[64];
} CUlaunchAttribute;

typedef struct CUlaunchConfig_st {
  unsigned int gridDimX, gridDimY, gridDimZ;
  unsigned int blockDimX, blockDimY, blockDimZ;
  unsigned int sharedMemBytes;
  CUstream hStream;
  CUlaunchAttribute* attrs;
  unsigned int numAttrs;
} CUlaunchConfig;

CUresult cuLaunchKernel(CUfunction f, unsigned int gridDimX, unsigned int gridDimY, unsigned int gridDimZ,
                        unsigned int blockDimX, unsigned int blockDimY, unsigned int blockDimZ,
                        unsigned int sharedMemBytes, CUstream hStream, void** kernelParams, void** extra);
CUresult cuLaunchKernelEx(const CUlaunchConfig* config, CUfunction f, void** kernelParams, void** extra);
CUresult cuGraphLaunch(CUgraphExec hGraphExec, CUstream hStream);
CUresult cuCtxSynchronize(void);
CUresult cuStreamSynchronize(CUstream hStream);
CUresult cuEventSynchronize(CUevent hEvent);
unsigned long fake_cuda_calls(void);

#ifdef __cplusplus
}
#endif
#endif
