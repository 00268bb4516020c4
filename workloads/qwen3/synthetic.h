// Deterministic synthetic weights: element i of tensor `id` is offset + scale * u, with u a hash of
// (seed, id, i) mapped to [-1, 1). Shared by the GPU fill kernel and the host, which must produce
// bit-identical values (the correctness test relies on it), hence the explicitly rounded arithmetic
// on the device: nvcc would otherwise contract offset + scale * u into one FMA.
#pragma once

#include <cstdint>

#ifdef __CUDACC__
#define QWEN3_HD __host__ __device__ __forceinline__
#else
#define QWEN3_HD inline
#endif

namespace cudabench::qwen3 {

QWEN3_HD uint32_t synthetic_hash(uint64_t seed, uint32_t tensor_id, uint64_t index) {
  // splitmix64's finaliser over a key that keeps the three inputs apart (index < 2^40).
  uint64_t x = (seed * 0x9E3779B97F4A7C15ull) ^ (static_cast<uint64_t>(tensor_id) << 40) ^ index;
  x ^= x >> 30;
  x *= 0xBF58476D1CE4E5B9ull;
  x ^= x >> 27;
  x *= 0x94D049BB133111EBull;
  x ^= x >> 31;
  return static_cast<uint32_t>(x);
}

QWEN3_HD float synthetic_value(uint64_t seed, uint32_t tensor_id, uint64_t index, float offset, float scale) {
  // 24 random bits scaled to [0, 2) and shifted: exact in float.
  float u = static_cast<float>(synthetic_hash(seed, tensor_id, index) >> 8) * (1.0f / 8388608.0f) - 1.0f;
#ifdef __CUDA_ARCH__
  return __fadd_rn(offset, __fmul_rn(scale, u));
#else
  return offset + scale * u;
#endif
}

}  // namespace cudabench::qwen3
