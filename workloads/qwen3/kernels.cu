#include <cfloat>
#include <climits>

#include "workloads/qwen3/kernels.cuh"
#include "workloads/qwen3/synthetic.h"

namespace cudabench::qwen3::kernels {
namespace {

__device__ __forceinline__ float warp_sum(float v) {
#pragma unroll
  for (int o = 16; o > 0; o >>= 1) v += __shfl_xor_sync(0xffffffffu, v, o);
  return v;
}

__device__ __forceinline__ float warp_max(float v) {
#pragma unroll
  for (int o = 16; o > 0; o >>= 1) v = fmaxf(v, __shfl_xor_sync(0xffffffffu, v, o));
  return v;
}

// Sum (or max) over the block, returned to every thread. blockDim.x is a multiple of 32, <= 1024.
template <bool is_max>
__device__ float block_reduce(float v) {
  __shared__ float partial[32];
  const int lane = threadIdx.x & 31, warp = threadIdx.x >> 5, warps = blockDim.x >> 5;
  v = is_max ? warp_max(v) : warp_sum(v);
  __syncthreads();  // partial[] may still be read by a previous call
  if (lane == 0) partial[warp] = v;
  __syncthreads();
  v = lane < warps ? partial[lane] : (is_max ? -FLT_MAX : 0.0f);
  return is_max ? warp_max(v) : warp_sum(v);
}

__device__ __forceinline__ float dot4(float4 a, float4 b) {
  return a.x * b.x + a.y * b.y + a.z * b.z + a.w * b.w;
}

__device__ __forceinline__ int index() {
  return blockIdx.x * blockDim.x + threadIdx.x;
}

// Programmatic dependent launch (graph mode, unless --no-pdl): a kernel may be scheduled while the one
// before it drains, so every kernel first waits until its predecessor has finished and its writes are
// visible, and at once lets its own successor be scheduled. Launched the ordinary way, both
// instructions return immediately.
__device__ __forceinline__ void after_previous_kernel() {
  asm volatile("griddepcontrol.wait;" ::: "memory");
  asm volatile("griddepcontrol.launch_dependents;" ::: "memory");
}

}  // namespace

__global__ void fill(float* p, int64_t n, uint64_t seed, uint32_t id, float offset, float scale) {
  for (int64_t i = index(); i < n; i += static_cast<int64_t>(gridDim.x) * blockDim.x)
    p[i] = synthetic_value(seed, id, static_cast<uint64_t>(i), offset, scale);
}

__global__ void embed(const float* emb, const int32_t* tokens, const int32_t* pos, float* x, int hidden) {
  after_previous_kernel();
  int i = index();
  if (i < hidden) x[i] = emb[static_cast<int64_t>(tokens[*pos]) * hidden + i];
}

__global__ void sum_squares(const float* x, float* ss, int len) {
  after_previous_kernel();
  const float* row = x + static_cast<int64_t>(blockIdx.x) * len;
  float a = 0;
  for (int i = threadIdx.x; i < len; i += blockDim.x) a += row[i] * row[i];
  a = block_reduce<false>(a);
  if (threadIdx.x == 0) ss[blockIdx.x] = a;
}

__global__ void rms_scale(const float* x, const float* ss, float* y, int len, int n, float eps) {
  after_previous_kernel();
  int i = index();
  if (i < n) y[i] = x[i] * rsqrtf(ss[i / len] / static_cast<float>(len) + eps);
}

__global__ void mul_weight(float* y, const float* w, int len, int n) {
  after_previous_kernel();
  int i = index();
  if (i < n) y[i] *= w[i % len];
}

namespace {
// y = W x for cols = chunks * 1024: each warp takes one 1024-column chunk of a row (8 float4 loads
// per lane, all issued before the first use), a block holds `rows_per_block` rows. Splitting wide
// rows over several warps keeps enough loads in flight to stream the weights at HBM speed.
template <int chunks, int rows_per_block>
__device__ __forceinline__ void matvec_chunked(const float* __restrict__ w, const float* __restrict__ x,
                                               float* __restrict__ y, int rows) {
  constexpr int vec = 8, cols4 = chunks * 256;
  const int warp = threadIdx.x >> 5, lane = threadIdx.x & 31;
  const int local_row = warp / chunks, chunk = warp % chunks;
  const int row = blockIdx.x * rows_per_block + local_row;
  float acc = 0;
  if (row < rows) {
    const float4* wr =
        reinterpret_cast<const float4*>(w) + static_cast<int64_t>(row) * cols4 + chunk * 256 + lane;
    const float4* xv = reinterpret_cast<const float4*>(x) + chunk * 256 + lane;
    float4 a[vec];
#pragma unroll
    for (int j = 0; j < vec; ++j) a[j] = __ldcs(wr + j * 32);
#pragma unroll
    for (int j = 0; j < vec; ++j) acc += dot4(a[j], __ldg(xv + j * 32));
    acc = warp_sum(acc);
  }
  if constexpr (chunks == 1) {
    if (row < rows && lane == 0) y[row] = acc;
  } else {
    __shared__ float part[chunks * rows_per_block];
    if (lane == 0) part[warp] = acc;
    __syncthreads();
    if (threadIdx.x < rows_per_block && blockIdx.x * rows_per_block + threadIdx.x < rows) {
      float sum = 0;
#pragma unroll
      for (int c = 0; c < chunks; ++c) sum += part[threadIdx.x * chunks + c];
      y[blockIdx.x * rows_per_block + threadIdx.x] = sum;
    }
  }
}
}  // namespace

__global__ void __launch_bounds__(256)
    matvec_1024(const float* __restrict__ w, const float* __restrict__ x, float* __restrict__ y, int rows) {
  after_previous_kernel();
  matvec_chunked<1, matvec_1024_rows>(w, x, y, rows);
}
__global__ void __launch_bounds__(256)
    matvec_2048(const float* __restrict__ w, const float* __restrict__ x, float* __restrict__ y, int rows) {
  after_previous_kernel();
  matvec_chunked<2, matvec_2048_rows>(w, x, y, rows);
}
__global__ void __launch_bounds__(256)
    matvec_3072(const float* __restrict__ w, const float* __restrict__ x, float* __restrict__ y, int rows) {
  after_previous_kernel();
  matvec_chunked<3, matvec_3072_rows>(w, x, y, rows);
}

__global__ void __launch_bounds__(matvec_warps * 32)
    matvec_any(const float* __restrict__ w, const float* __restrict__ x, float* __restrict__ y, int rows,
               int cols) {
  after_previous_kernel();
  const int row = blockIdx.x * matvec_warps + (threadIdx.x >> 5), lane = threadIdx.x & 31;
  if (row >= rows) return;
  const int cols4 = cols >> 2;
  const float4* wr = reinterpret_cast<const float4*>(w) + static_cast<int64_t>(row) * cols4;
  const float4* xv = reinterpret_cast<const float4*>(x);
  float acc = 0;
#pragma unroll 4
  for (int j = lane; j < cols4; j += 32) acc += dot4(__ldcs(wr + j), __ldg(xv + j));
  acc = warp_sum(acc);
  if (lane == 0) y[row] = acc;
}

__global__ void rope_rotate(const float* x, float* rot, int head_dim, int n) {
  after_previous_kernel();
  int i = index();
  if (i >= n) return;
  int d = i % head_dim, half = head_dim / 2;
  rot[i] = d < half ? -x[i + half] : x[i - half];
}

__global__ void rope_apply(float* x, const float* rot, const float* cos, const float* sin, const int32_t* pos,
                           int head_dim, int n) {
  after_previous_kernel();
  int i = index();
  if (i >= n) return;
  int half = head_dim / 2, d = i % head_dim, j = d < half ? d : d - half;
  int64_t at = static_cast<int64_t>(*pos) * half + j;
  x[i] = x[i] * cos[at] + rot[i] * sin[at];
}

__global__ void kv_store(const float* src, float* cache, const int32_t* pos, int head_dim, int max_seq,
                         int n) {
  after_previous_kernel();
  int i = index();
  if (i >= n) return;
  int head = i / head_dim, d = i % head_dim;
  cache[(static_cast<int64_t>(head) * max_seq + *pos) * head_dim + d] = src[i];
}

// One block per query head. A group of `lanes` lanes (head_dim / 16, at most 32) handles one cached
// position, each lane up to 4 float4 of it, so a warp scores 32 / lanes positions per round with all
// loads in flight, and the block covers warps * 32 / lanes positions per round.
__global__ void attn_scores(const float* q, const float* k_cache, float* scores, const int32_t* pos,
                            int head_dim, int max_seq, int group, float scale) {
  after_previous_kernel();
  const int h = blockIdx.x, lane = threadIdx.x & 31, warp = threadIdx.x >> 5, warps = blockDim.x >> 5;
  const int last = *pos, d4 = head_dim >> 2;
  const int lanes = min(32, max(1, head_dim >> 4)), per_warp = 32 / lanes, vec = d4 / lanes;
  const int sub = lane % lanes, slot = lane / lanes;
  const float4* qv = reinterpret_cast<const float4*>(q + h * head_dim);
  const float* keys = k_cache + static_cast<int64_t>(h / group) * max_seq * head_dim;
  float4 qr[4];
#pragma unroll
  for (int j = 0; j < 4; ++j) qr[j] = j < vec ? qv[j * lanes + sub] : make_float4(0, 0, 0, 0);
  for (int base = warp * per_warp; base <= last; base += warps * per_warp) {
    const int t = base + slot;
    float a = 0;
    if (t <= last) {
      const float4* kv = reinterpret_cast<const float4*>(keys + static_cast<int64_t>(t) * head_dim);
      float4 kr[4];
#pragma unroll
      for (int j = 0; j < 4; ++j)
        if (j < vec) kr[j] = kv[j * lanes + sub];
#pragma unroll
      for (int j = 0; j < 4; ++j)
        if (j < vec) a += dot4(qr[j], kr[j]);
    }
    for (int o = lanes >> 1; o > 0; o >>= 1) a += __shfl_xor_sync(0xffffffffu, a, o);
    if (sub == 0 && t <= last) scores[static_cast<int64_t>(h) * max_seq + t] = a * scale;
  }
}

__global__ void softmax_max(const float* scores, float* stats, const int32_t* pos, int max_seq) {
  after_previous_kernel();
  const float* s = scores + static_cast<int64_t>(blockIdx.x) * max_seq;
  const int last = *pos;
  float m = -FLT_MAX;
  for (int t = threadIdx.x; t <= last; t += blockDim.x) m = fmaxf(m, s[t]);
  m = block_reduce<true>(m);
  if (threadIdx.x == 0) stats[2 * blockIdx.x] = m;
}

__global__ void softmax_exp_sum(float* scores, float* stats, const int32_t* pos, int max_seq) {
  after_previous_kernel();
  float* s = scores + static_cast<int64_t>(blockIdx.x) * max_seq;
  const int last = *pos;
  const float m = stats[2 * blockIdx.x];
  float sum = 0;
  for (int t = threadIdx.x; t <= last; t += blockDim.x) {
    float e = expf(s[t] - m);
    s[t] = e;
    sum += e;
  }
  sum = block_reduce<false>(sum);
  if (threadIdx.x == 0) stats[2 * blockIdx.x + 1] = sum;
}

__global__ void softmax_normalize(float* scores, const float* stats, const int32_t* pos, int max_seq) {
  after_previous_kernel();
  float* s = scores + static_cast<int64_t>(blockIdx.x) * max_seq;
  const int last = *pos;
  const float sum = stats[2 * blockIdx.x + 1];
  for (int t = threadIdx.x; t <= last; t += blockDim.x) s[t] = s[t] / sum;
}

// One block per query head. Thread i owns float4 column i % (head_dim/4) and sums every groups-th
// position (four at a time, loads in flight together); the groups then add up in shared memory.
__global__ void attn_values(const float* probs, const float* v_cache, float* out, const int32_t* pos,
                            int head_dim, int max_seq, int group) {
  after_previous_kernel();
  __shared__ float4 part[attention_block];
  const int h = blockIdx.x, d4 = head_dim >> 2, c = threadIdx.x % d4, g = threadIdx.x / d4;
  const int groups = blockDim.x / d4, last = *pos;
  const float* p = probs + static_cast<int64_t>(h) * max_seq;
  const float4* values =
      reinterpret_cast<const float4*>(v_cache + static_cast<int64_t>(h / group) * max_seq * head_dim);
  float4 acc = make_float4(0, 0, 0, 0);
  int t = g;
  for (; t + 3 * groups <= last; t += 4 * groups) {
    float4 v[4];
    float pt[4];
#pragma unroll
    for (int u = 0; u < 4; ++u) {
      v[u] = values[static_cast<int64_t>(t + u * groups) * d4 + c];
      pt[u] = p[t + u * groups];
    }
#pragma unroll
    for (int u = 0; u < 4; ++u) {
      acc.x += pt[u] * v[u].x;
      acc.y += pt[u] * v[u].y;
      acc.z += pt[u] * v[u].z;
      acc.w += pt[u] * v[u].w;
    }
  }
  for (; t <= last; t += groups) {
    float4 v = values[static_cast<int64_t>(t) * d4 + c];
    float pt = p[t];
    acc.x += pt * v.x;
    acc.y += pt * v.y;
    acc.z += pt * v.z;
    acc.w += pt * v.w;
  }
  part[threadIdx.x] = acc;
  __syncthreads();
  if (g == 0) {
    for (int k = 1; k < groups; ++k) {
      float4 o = part[k * d4 + c];
      acc.x += o.x;
      acc.y += o.y;
      acc.z += o.z;
      acc.w += o.w;
    }
    reinterpret_cast<float4*>(out + h * head_dim)[c] = acc;
  }
}

__global__ void add(float* x, const float* y, int n) {
  after_previous_kernel();
  int i = index();
  if (i < n) x[i] += y[i];
}

__global__ void silu(float* x, int n) {
  after_previous_kernel();
  int i = index();
  if (i < n) x[i] = x[i] / (1.0f + expf(-x[i]));
}

__global__ void mul(float* x, const float* y, int n) {
  after_previous_kernel();
  int i = index();
  if (i < n) x[i] *= y[i];
}

namespace {
// The better of two (value, index) candidates: larger value, then lower index.
__device__ __forceinline__ void keep_best(float& v, int32_t& i, float ov, int32_t oi) {
  if (ov > v || (ov == v && oi < i)) {
    v = ov;
    i = oi;
  }
}

__device__ void block_argmax(float& v, int32_t& i) {
  __shared__ float pv[32];
  __shared__ int32_t pi[32];
  const int lane = threadIdx.x & 31, warp = threadIdx.x >> 5, warps = blockDim.x >> 5;
  for (int o = 16; o > 0; o >>= 1)
    keep_best(v, i, __shfl_xor_sync(0xffffffffu, v, o), __shfl_xor_sync(0xffffffffu, i, o));
  if (lane == 0) {
    pv[warp] = v;
    pi[warp] = i;
  }
  __syncthreads();
  v = lane < warps ? pv[lane] : -FLT_MAX;
  i = lane < warps ? pi[lane] : INT_MAX;
  for (int o = 16; o > 0; o >>= 1)
    keep_best(v, i, __shfl_xor_sync(0xffffffffu, v, o), __shfl_xor_sync(0xffffffffu, i, o));
}
}  // namespace

__global__ void argmax_partial(const float* v, int n, float* best_value, int32_t* best_index) {
  after_previous_kernel();
  float bv = -FLT_MAX;
  int32_t bi = INT_MAX;
  for (int i = index(); i < n; i += gridDim.x * blockDim.x) keep_best(bv, bi, v[i], i);
  block_argmax(bv, bi);
  if (threadIdx.x == 0) {
    best_value[blockIdx.x] = bv;
    best_index[blockIdx.x] = bi;
  }
}

__global__ void argmax_final(const float* best_value, const int32_t* best_index, int parts, int32_t* tokens,
                             int32_t* pos) {
  after_previous_kernel();
  float bv = -FLT_MAX;
  int32_t bi = INT_MAX;
  for (int k = threadIdx.x; k < parts; k += blockDim.x) keep_best(bv, bi, best_value[k], best_index[k]);
  block_argmax(bv, bi);
  if (threadIdx.x == 0) {
    const int32_t p = *pos;
    tokens[p + 1] = bi == INT_MAX ? 0 : bi;  // all NaN: token 0 rather than an invalid id
    *pos = p + 1;
  }
}

__global__ void advance(int32_t* pos) {
  after_previous_kernel();
  *pos += 1;
}

}  // namespace cudabench::qwen3::kernels
