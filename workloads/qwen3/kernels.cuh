// The decode step's kernels. Each does one small thing, as an unfused FP32 implementation would;
// together they are the ~34 launches per layer the study measures. Vectors are a single token's
// activations; "rows" kernels treat a vector as rows of `len` elements (attention heads).
#pragma once

#include <cstdint>

namespace cudabench::qwen3::kernels {

inline constexpr int block = 256;            // threads of the element-wise and softmax kernels
inline constexpr int attention_block = 512;  // threads of attn_scores and attn_values
// Rows per block of matvec_1024/2048/3072 (one warp per 1024 columns of a row: 8, 8 and 6 warps).
inline constexpr int matvec_1024_rows = 8, matvec_2048_rows = 4, matvec_3072_rows = 2;
inline constexpr int matvec_warps = 8;     // rows per block of matvec_any: one warp per row
inline constexpr int argmax_blocks = 264;  // partial maxima (two per H100 multiprocessor)

__global__ void fill(float* p, int64_t n, uint64_t seed, uint32_t id, float offset, float scale);
__global__ void embed(const float* emb, const int32_t* tokens, const int32_t* pos, float* x, int hidden);
__global__ void sum_squares(const float* x, float* ss, int len);  // grid: one block per row
__global__ void rms_scale(const float* x, const float* ss, float* y, int len, int n, float eps);
__global__ void mul_weight(float* y, const float* w, int len, int n);
// y = W x for W of rows x 1024 | 2048 | 3072 (the model's widths): one warp per 1024 columns of a
// row, its 8 float4 loads per lane in flight at once; launch with threads = warps * 32 where warps =
// rows_per_block * cols / 1024. matvec_any takes any width that is a multiple of 4, a warp per row.
__global__ void matvec_1024(const float* __restrict__ w, const float* __restrict__ x, float* __restrict__ y,
                            int rows);
__global__ void matvec_2048(const float* __restrict__ w, const float* __restrict__ x, float* __restrict__ y,
                            int rows);
__global__ void matvec_3072(const float* __restrict__ w, const float* __restrict__ x, float* __restrict__ y,
                            int rows);
__global__ void matvec_any(const float* __restrict__ w, const float* __restrict__ x, float* __restrict__ y,
                           int rows, int cols);
__global__ void rope_rotate(const float* x, float* rot, int head_dim, int n);
__global__ void rope_apply(float* x, const float* rot, const float* cos, const float* sin, const int32_t* pos,
                           int head_dim, int n);
__global__ void kv_store(const float* src, float* cache, const int32_t* pos, int head_dim, int max_seq,
                         int n);
__global__ void attn_scores(const float* q, const float* k_cache, float* scores, const int32_t* pos,
                            int head_dim, int max_seq, int group, float scale);
__global__ void softmax_max(const float* scores, float* stats, const int32_t* pos, int max_seq);
__global__ void softmax_exp_sum(float* scores, float* stats, const int32_t* pos, int max_seq);
__global__ void softmax_normalize(float* scores, const float* stats, const int32_t* pos, int max_seq);
__global__ void attn_values(const float* probs, const float* v_cache, float* out, const int32_t* pos,
                            int head_dim, int max_seq, int group);
__global__ void add(float* x, const float* y, int n);
__global__ void silu(float* x, int n);
__global__ void mul(float* x, const float* y, int n);
__global__ void argmax_partial(const float* v, int n, float* best_value, int32_t* best_index);
__global__ void argmax_final(const float* best_value, const int32_t* best_index, int parts, int32_t* tokens,
                             int32_t* pos);
__global__ void advance(int32_t* pos);

}  // namespace cudabench::qwen3::kernels
