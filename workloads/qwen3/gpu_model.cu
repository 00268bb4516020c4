#include "workloads/qwen3/gpu_model.h"

#include <cuda_runtime.h>
#include <fmt/format.h>

#include <cmath>

#include "common/error.h"
#include "workloads/qwen3/kernels.cuh"
#include "workloads/qwen3/reference.h"

namespace cudabench::qwen3 {
namespace {

#define QWEN3_CUDA(call) check_cuda((call), #call)

void check_cuda(cudaError_t err, const char* call) {
  if (err != cudaSuccess)
    throw RunError(fmt::format("{} failed: {} ({})", call, cudaGetErrorString(err), cudaGetErrorName(err)));
}

template <typename T>
struct identity {
  using type = T;
};

unsigned blocks_for(int n, int per_block = kernels::block) {
  return static_cast<unsigned>((n + per_block - 1) / per_block);
}

// Threads for a block that reduces rows of `len`: a multiple of 32, at most 256.
unsigned reduce_threads(int len) {
  return static_cast<unsigned>(std::min(256, (len + 31) / 32 * 32));
}

}  // namespace

DeviceProbe probe_device(int index) {
  DeviceProbe p;
  int count = 0;
  cudaError_t err = cudaGetDeviceCount(&count);
  if (err != cudaSuccess) {
    p.error = fmt::format("cudaGetDeviceCount: {} ({})", cudaGetErrorString(err), cudaGetErrorName(err));
    return p;
  }
  if (count == 0) {
    p.error = "the driver reports no CUDA device";
    return p;
  }
  if (index >= count) {
    p.error = fmt::format("device {} requested, but only {} CUDA device(s) exist", index, count);
    return p;
  }
  cudaDeviceProp prop{};
  err = cudaGetDeviceProperties(&prop, index);
  if (err != cudaSuccess) {
    p.error = fmt::format("cudaGetDeviceProperties: {}", cudaGetErrorString(err));
    return p;
  }
  p.ok = true;
  p.name = prop.name;
  p.total_mem = prop.totalGlobalMem;
  return p;
}

struct GpuModel::Impl {
  Config c;
  int device = 0;
  std::string name;
  cudaStream_t stream = nullptr;
  cudaGraph_t graph = nullptr;
  cudaGraphExec_t graph_exec = nullptr;
  LaunchCounts counts;
  bool capturing = false;
  bool programmatic = false;  // capture with programmatic dependent launch edges
  int host_pos = 0;
  uint64_t allocated = 0;
  std::vector<void*> allocations;
  int32_t* token_host = nullptr;  // pinned, for the per-token read-back

  std::vector<TensorSpec> specs;
  std::vector<float*> tensors;  // into one weight arena
  float *x, *xn, *q, *k, *v, *rot, *ss, *scores, *stats, *att, *tmp, *g, *u, *logits, *best_value;
  float *k_cache, *v_cache, *cos, *sin;
  int32_t *best_index, *tokens, *pos;

  ~Impl() {  // also after a constructor that threw half-way
    if (stream) cudaStreamSynchronize(stream);
    if (graph_exec) cudaGraphExecDestroy(graph_exec);
    if (graph) cudaGraphDestroy(graph);
    for (void* p : allocations) cudaFree(p);
    if (token_host) cudaFreeHost(token_host);
    if (stream) cudaStreamDestroy(stream);
  }

  template <typename T>
  T* alloc(size_t count) {
    void* p = nullptr;
    QWEN3_CUDA(cudaMalloc(&p, count * sizeof(T)));
    allocations.push_back(p);
    allocated += count * sizeof(T);
    return static_cast<T*>(p);
  }

  // Copies in the order of the model's stream (a plain cudaMemcpy would not wait for a non-blocking
  // stream), and waits for them: none of these is on a timed path.
  void copy(void* dst, const void* src, size_t bytes, cudaMemcpyKind kind) {
    QWEN3_CUDA(cudaMemcpyAsync(dst, src, bytes, kind, stream));
    QWEN3_CUDA(cudaStreamSynchronize(stream));
  }

  // Every kernel goes through here: one launch (or one captured launch) counted per call.
  template <typename... P>
  void launch(void (*kernel)(P...), unsigned grid, unsigned threads, typename identity<P>::type... args) {
    if (!capturing) {
      ++counts.kernels;
      kernel<<<grid, threads, 0, stream>>>(args...);
      return;
    }
    ++counts.captured;
    if (!programmatic) {
      kernel<<<grid, threads, 0, stream>>>(args...);
      return;
    }
    // A programmatic edge to the previous kernel (kernels.cu: after_previous_kernel()).
    cudaLaunchAttribute attr{};
    attr.id = cudaLaunchAttributeProgrammaticStreamSerialization;
    attr.val.programmaticStreamSerializationAllowed = 1;
    cudaLaunchConfig_t cfg{};
    cfg.gridDim = dim3(grid);
    cfg.blockDim = dim3(threads);
    cfg.stream = stream;
    cfg.attrs = &attr;
    cfg.numAttrs = 1;
    QWEN3_CUDA(cudaLaunchKernelEx(&cfg, kernel, args...));
  }

  void matvec(const float* w, const float* in, float* out, int rows, int cols) {
    using namespace kernels;
    switch (cols) {
      case 1024:
        launch(matvec_1024, blocks_for(rows, matvec_1024_rows), 32 * matvec_1024_rows, w, in, out, rows);
        break;
      case 2048:
        launch(matvec_2048, blocks_for(rows, matvec_2048_rows), 64 * matvec_2048_rows, w, in, out, rows);
        break;
      case 3072:
        launch(matvec_3072, blocks_for(rows, matvec_3072_rows), 96 * matvec_3072_rows, w, in, out, rows);
        break;
      default: launch(matvec_any, blocks_for(rows, matvec_warps), 32 * matvec_warps, w, in, out, rows, cols);
    }
  }

  // RMSNorm as an unfused implementation runs it: sum of squares, scale, weight (3 launches).
  void rms_norm(const float* in, float* out, const float* weight, int rows, int len) {
    int n = rows * len;
    launch(kernels::sum_squares, static_cast<unsigned>(rows), reduce_threads(len), in, ss, len);
    launch(kernels::rms_scale, blocks_for(n), kernels::block, in, ss, out, len, n, c.rms_eps);
    launch(kernels::mul_weight, blocks_for(n), kernels::block, out, weight, len, n);
  }

  void rope(float* vec, int n) {
    launch(kernels::rope_rotate, blocks_for(n), kernels::block, vec, rot, c.head_dim, n);
    launch(kernels::rope_apply, blocks_for(n), kernels::block, vec, rot, cos, sin, pos, c.head_dim, n);
  }

  const float* lw(int layer, LayerTensor t) const { return tensors[layer_tensor_index(c, layer, t)]; }

  void enqueue_layers() {
    const int H = c.hidden, qd = c.q_dim(), kvd = c.kv_dim(), hd = c.head_dim;
    const int group = c.n_heads / c.n_kv_heads;
    const float scale = 1.0f / std::sqrt(static_cast<float>(hd));
    const unsigned heads = static_cast<unsigned>(c.n_heads);
    launch(kernels::embed, blocks_for(H), kernels::block, tensors[token_embd_index], tokens, pos, x, H);
    for (int l = 0; l < c.n_layers; ++l) {
      const int64_t layer_cache = static_cast<int64_t>(l) * kvd * c.max_seq;
      float* kc = k_cache + layer_cache;
      float* vc = v_cache + layer_cache;
      // Attention: 21 launches.
      rms_norm(x, xn, lw(l, LayerTensor::attn_norm), 1, H);
      matvec(lw(l, LayerTensor::attn_q), xn, q, qd, H);
      matvec(lw(l, LayerTensor::attn_k), xn, k, kvd, H);
      matvec(lw(l, LayerTensor::attn_v), xn, v, kvd, H);
      rms_norm(q, q, lw(l, LayerTensor::attn_q_norm), c.n_heads, hd);
      rms_norm(k, k, lw(l, LayerTensor::attn_k_norm), c.n_kv_heads, hd);
      rope(q, qd);
      rope(k, kvd);
      launch(kernels::kv_store, blocks_for(kvd), kernels::block, k, kc, pos, hd, c.max_seq, kvd);
      launch(kernels::kv_store, blocks_for(kvd), kernels::block, v, vc, pos, hd, c.max_seq, kvd);
      launch(kernels::attn_scores, heads, kernels::attention_block, q, kc, scores, pos, hd, c.max_seq, group,
             scale);
      launch(kernels::softmax_max, heads, kernels::block, scores, stats, pos, c.max_seq);
      launch(kernels::softmax_exp_sum, heads, kernels::block, scores, stats, pos, c.max_seq);
      launch(kernels::softmax_normalize, heads, kernels::block, scores, stats, pos, c.max_seq);
      launch(kernels::attn_values, heads, kernels::attention_block, scores, vc, att, pos, hd, c.max_seq,
             group);
      matvec(lw(l, LayerTensor::attn_output), att, tmp, H, qd);
      launch(kernels::add, blocks_for(H), kernels::block, x, tmp, H);
      // SwiGLU MLP: 13 launches.
      rms_norm(x, xn, lw(l, LayerTensor::ffn_norm), 1, H);
      matvec(lw(l, LayerTensor::ffn_gate), xn, g, c.ffn, H);
      matvec(lw(l, LayerTensor::ffn_up), xn, u, c.ffn, H);
      launch(kernels::silu, blocks_for(c.ffn), kernels::block, g, c.ffn);
      launch(kernels::mul, blocks_for(c.ffn), kernels::block, g, u, c.ffn);
      matvec(lw(l, LayerTensor::ffn_down), g, tmp, H, c.ffn);
      launch(kernels::add, blocks_for(H), kernels::block, x, tmp, H);
    }
  }

  void enqueue_decode() {
    enqueue_layers();
    rms_norm(x, xn, tensors[output_norm_index], 1, c.hidden);
    matvec(tensors[output_index(c)], xn, logits, c.vocab, c.hidden);
    launch(kernels::argmax_partial, kernels::argmax_blocks, kernels::block, logits, c.vocab, best_value,
           best_index);
    launch(kernels::argmax_final, 1, kernels::block, best_value, best_index, kernels::argmax_blocks, tokens,
           pos);
  }

  void check_room() const {
    if (host_pos >= c.max_seq)
      throw RunError(fmt::format("the KV cache is full ({} tokens); raise --ctx", c.max_seq));
  }
};

GpuModel::GpuModel(const Config& c, int device) : impl_(std::make_unique<Impl>()) {
  validate(c);
  Impl& m = *impl_;
  m.c = c;
  m.device = device;
  QWEN3_CUDA(cudaSetDevice(device));
  // The kernels use no stack; the default 1 KiB per thread would make the driver reserve
  // 1 KiB x 2048 threads x 132 SMs = 277 MB of local memory on an H100.
  QWEN3_CUDA(cudaDeviceSetLimit(cudaLimitStackSize, 256));
  cudaDeviceProp prop{};
  QWEN3_CUDA(cudaGetDeviceProperties(&prop, device));
  m.name = prop.name;
  QWEN3_CUDA(cudaStreamCreateWithFlags(&m.stream, cudaStreamNonBlocking));
  QWEN3_CUDA(cudaMallocHost(&m.token_host, sizeof(int32_t)));

  // Weights: one arena, each tensor 256-byte aligned for the float4 loads.
  m.specs = tensor_specs(c);
  std::vector<size_t> offsets;
  size_t total = 0;
  for (const auto& s : m.specs) {
    offsets.push_back(total);
    total += (static_cast<size_t>(s.elements()) + 63) / 64 * 64;
  }
  float* arena = m.alloc<float>(total);
  for (size_t off : offsets) m.tensors.push_back(arena + off);

  const size_t cache = static_cast<size_t>(c.n_layers) * c.kv_dim() * c.max_seq;
  m.k_cache = m.alloc<float>(cache);
  m.v_cache = m.alloc<float>(cache);
  QWEN3_CUDA(cudaMemsetAsync(m.k_cache, 0, cache * sizeof(float), m.stream));
  QWEN3_CUDA(cudaMemsetAsync(m.v_cache, 0, cache * sizeof(float), m.stream));
  m.x = m.alloc<float>(c.hidden);
  m.xn = m.alloc<float>(c.hidden);
  m.tmp = m.alloc<float>(c.hidden);
  m.q = m.alloc<float>(c.q_dim());
  m.rot = m.alloc<float>(c.q_dim());
  m.att = m.alloc<float>(c.q_dim());
  m.k = m.alloc<float>(c.kv_dim());
  m.v = m.alloc<float>(c.kv_dim());
  m.ss = m.alloc<float>(c.n_heads);
  m.scores = m.alloc<float>(static_cast<size_t>(c.n_heads) * c.max_seq);
  m.stats = m.alloc<float>(2 * c.n_heads);
  m.g = m.alloc<float>(c.ffn);
  m.u = m.alloc<float>(c.ffn);
  m.logits = m.alloc<float>(c.vocab);
  m.best_value = m.alloc<float>(kernels::argmax_blocks);
  m.best_index = m.alloc<int32_t>(kernels::argmax_blocks);
  m.tokens = m.alloc<int32_t>(c.max_seq + 1);
  m.pos = m.alloc<int32_t>(1);
  QWEN3_CUDA(cudaMemsetAsync(m.tokens, 0, (c.max_seq + 1) * sizeof(int32_t), m.stream));

  RopeTable rope = rope_table(c);
  m.cos = m.alloc<float>(rope.cos.size());
  m.sin = m.alloc<float>(rope.sin.size());
  m.copy(m.cos, rope.cos.data(), rope.cos.size() * sizeof(float), cudaMemcpyHostToDevice);
  m.copy(m.sin, rope.sin.data(), rope.sin.size() * sizeof(float), cudaMemcpyHostToDevice);
  reset();
}

GpuModel::~GpuModel() = default;

const Config& GpuModel::config() const {
  return impl_->c;
}

void GpuModel::fill_synthetic(uint64_t seed) {
  Impl& m = *impl_;
  for (size_t i = 0; i < m.specs.size(); ++i) {
    const TensorSpec& s = m.specs[i];
    unsigned grid = static_cast<unsigned>(std::min<int64_t>(4096, (s.elements() + 255) / 256));
    m.launch(kernels::fill, grid, 256, m.tensors[i], s.elements(), seed, s.id, s.synth_offset, s.synth_scale);
  }
  QWEN3_CUDA(cudaGetLastError());
  synchronize();
}

void GpuModel::upload_tensor(int index, const std::vector<float>& data) {
  Impl& m = *impl_;
  if (static_cast<int64_t>(data.size()) != m.specs.at(index).elements())
    throw RunError(fmt::format("tensor {}: {} values, expected {}", m.specs[index].name, data.size(),
                               m.specs[index].elements()));
  m.copy(m.tensors[index], data.data(), data.size() * sizeof(float), cudaMemcpyHostToDevice);
}

std::vector<float> GpuModel::download_tensor(int index) {
  Impl& m = *impl_;
  std::vector<float> out(m.specs.at(index).elements());
  m.copy(out.data(), m.tensors[index], out.size() * sizeof(float), cudaMemcpyDeviceToHost);
  return out;
}

void GpuModel::set_tokens(int at, const std::vector<int32_t>& tokens) {
  Impl& m = *impl_;
  if (at < 0 || at + tokens.size() > static_cast<size_t>(m.c.max_seq) + 1)
    throw RunError(fmt::format("{} tokens do not fit a context of {}", at + tokens.size(), m.c.max_seq));
  for (int32_t t : tokens)
    if (t < 0 || t >= m.c.vocab) throw RunError(fmt::format("token {} is outside the vocabulary", t));
  m.copy(m.tokens + at, tokens.data(), tokens.size() * sizeof(int32_t), cudaMemcpyHostToDevice);
}

void GpuModel::reset() {
  Impl& m = *impl_;
  QWEN3_CUDA(cudaMemsetAsync(m.pos, 0, sizeof(int32_t), m.stream));
  synchronize();
  m.host_pos = 0;
}

int GpuModel::pos() const {
  return impl_->host_pos;
}

void GpuModel::prefill_step() {
  Impl& m = *impl_;
  m.check_room();
  m.enqueue_layers();
  m.launch(kernels::advance, 1, 1, m.pos);
  ++m.host_pos;
}

void GpuModel::decode_step() {
  Impl& m = *impl_;
  m.check_room();
  m.enqueue_decode();
  ++m.host_pos;
}

void GpuModel::capture_decode_graph(bool programmatic) {
  Impl& m = *impl_;
  if (m.graph_exec) return;
  synchronize();
  QWEN3_CUDA(cudaStreamBeginCapture(m.stream, cudaStreamCaptureModeThreadLocal));
  m.capturing = true;
  m.programmatic = programmatic;
  m.enqueue_decode();
  m.capturing = false;
  QWEN3_CUDA(cudaStreamEndCapture(m.stream, &m.graph));
  QWEN3_CUDA(cudaGraphInstantiate(&m.graph_exec, m.graph, 0));
  QWEN3_CUDA(cudaGraphUpload(m.graph_exec, m.stream));
  synchronize();
}

void GpuModel::decode_step_graph() {
  Impl& m = *impl_;
  if (!m.graph_exec) throw RunError("decode_step_graph() before capture_decode_graph()");
  m.check_room();
  ++m.counts.graphs;
  QWEN3_CUDA(cudaGraphLaunch(m.graph_exec, m.stream));
  ++m.host_pos;
}

int32_t GpuModel::wait_token() {
  Impl& m = *impl_;
  QWEN3_CUDA(cudaMemcpyAsync(m.token_host, m.tokens + m.host_pos, sizeof(int32_t), cudaMemcpyDeviceToHost,
                             m.stream));
  QWEN3_CUDA(cudaDeviceSynchronize());
  QWEN3_CUDA(cudaGetLastError());
  return *m.token_host;
}

void GpuModel::synchronize() {
  QWEN3_CUDA(cudaStreamSynchronize(impl_->stream));
  QWEN3_CUDA(cudaGetLastError());
}

std::vector<float> GpuModel::logits() {
  Impl& m = *impl_;
  std::vector<float> out(m.c.vocab);
  m.copy(out.data(), m.logits, out.size() * sizeof(float), cudaMemcpyDeviceToHost);
  return out;
}

uint64_t GpuModel::allocated_bytes() const {
  return impl_->allocated;
}

uint64_t GpuModel::device_used_bytes() const {
  size_t free = 0, total = 0;
  QWEN3_CUDA(cudaMemGetInfo(&free, &total));
  return total - free;
}

const LaunchCounts& GpuModel::launches() const {
  return impl_->counts;
}
std::string GpuModel::device_name() const {
  return impl_->name;
}

}  // namespace cudabench::qwen3
