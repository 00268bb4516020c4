#include "workloads/qwen3/reference.h"

#include <algorithm>
#include <cmath>
#include <stdexcept>

#include "workloads/qwen3/synthetic.h"

namespace cudabench::qwen3 {

HostWeights synthetic_host_weights(const Config& c, uint64_t seed) {
  HostWeights w;
  for (const auto& s : tensor_specs(c)) {
    std::vector<float> t(s.elements());
    for (int64_t i = 0; i < s.elements(); ++i)
      t[i] = synthetic_value(seed, s.id, static_cast<uint64_t>(i), s.synth_offset, s.synth_scale);
    w.push_back(std::move(t));
  }
  return w;
}

RopeTable rope_table(const Config& c) {
  RopeTable r;
  r.half = c.head_dim / 2;
  r.cos.resize(static_cast<size_t>(c.max_seq) * r.half);
  r.sin.resize(r.cos.size());
  for (int p = 0; p < c.max_seq; ++p)
    for (int i = 0; i < r.half; ++i) {
      double inv_freq = std::pow(static_cast<double>(c.rope_theta), -2.0 * i / c.head_dim);
      double angle = p * inv_freq;
      r.cos[static_cast<size_t>(p) * r.half + i] = static_cast<float>(std::cos(angle));
      r.sin[static_cast<size_t>(p) * r.half + i] = static_cast<float>(std::sin(angle));
    }
  return r;
}

void rms_norm(const float* x, const float* w, float* y, int n, float eps) {
  double ss = 0;
  for (int i = 0; i < n; ++i) ss += static_cast<double>(x[i]) * x[i];
  double inv = 1.0 / std::sqrt(ss / n + eps);
  for (int i = 0; i < n; ++i) y[i] = static_cast<float>(x[i] * inv * w[i]);
}

void apply_rope(float* x, int n_heads, int head_dim, const float* cos, const float* sin) {
  int half = head_dim / 2;
  for (int h = 0; h < n_heads; ++h) {
    float* v = x + h * head_dim;
    for (int i = 0; i < half; ++i) {
      float a = v[i], b = v[i + half];
      v[i] = a * cos[i] - b * sin[i];
      v[i + half] = b * cos[i] + a * sin[i];
    }
  }
}

void matvec(const float* w, const float* x, float* y, int64_t rows, int64_t cols) {
  for (int64_t r = 0; r < rows; ++r) {
    const float* row = w + r * cols;
    double acc = 0;
    for (int64_t c = 0; c < cols; ++c) acc += static_cast<double>(row[c]) * x[c];
    y[r] = static_cast<float>(acc);
  }
}

int32_t argmax(const std::vector<float>& v) {
  return static_cast<int32_t>(std::max_element(v.begin(), v.end()) - v.begin());
}

ReferenceModel::ReferenceModel(Config c, HostWeights weights)
    : c_(c), weights_(std::move(weights)), rope_(rope_table(c_)) {
  if (weights_.size() != tensor_specs(c_).size())
    throw std::invalid_argument("ReferenceModel: weight count does not match the configuration");
  size_t cache = static_cast<size_t>(c_.n_layers) * c_.kv_dim() * c_.max_seq;
  k_cache_.assign(cache, 0.0f);
  v_cache_.assign(cache, 0.0f);
}

void ReferenceModel::step(int32_t token, std::vector<float>* logits) {
  if (pos_ >= c_.max_seq) throw std::out_of_range("ReferenceModel: context is full");
  if (token < 0 || token >= c_.vocab) throw std::out_of_range("ReferenceModel: token out of range");
  const int H = c_.hidden, hd = c_.head_dim, group = c_.n_heads / c_.n_kv_heads;
  std::vector<float> x(w(token_embd_index) + static_cast<int64_t>(token) * H,
                       w(token_embd_index) + static_cast<int64_t>(token + 1) * H);
  std::vector<float> xn(H), q(c_.q_dim()), k(c_.kv_dim()), v(c_.kv_dim()), att(c_.q_dim()), tmp(H);
  std::vector<float> g(c_.ffn), u(c_.ffn), scores(pos_ + 1);
  const float* cos = rope_.cos.data() + static_cast<size_t>(pos_) * rope_.half;
  const float* sin = rope_.sin.data() + static_cast<size_t>(pos_) * rope_.half;
  const float scale = 1.0f / std::sqrt(static_cast<float>(hd));

  for (int l = 0; l < c_.n_layers; ++l) {
    rms_norm(x.data(), lw(l, LayerTensor::attn_norm), xn.data(), H, c_.rms_eps);
    matvec(lw(l, LayerTensor::attn_q), xn.data(), q.data(), c_.q_dim(), H);
    matvec(lw(l, LayerTensor::attn_k), xn.data(), k.data(), c_.kv_dim(), H);
    matvec(lw(l, LayerTensor::attn_v), xn.data(), v.data(), c_.kv_dim(), H);
    for (int h = 0; h < c_.n_heads; ++h)
      rms_norm(&q[h * hd], lw(l, LayerTensor::attn_q_norm), &q[h * hd], hd, c_.rms_eps);
    for (int h = 0; h < c_.n_kv_heads; ++h)
      rms_norm(&k[h * hd], lw(l, LayerTensor::attn_k_norm), &k[h * hd], hd, c_.rms_eps);
    apply_rope(q.data(), c_.n_heads, hd, cos, sin);
    apply_rope(k.data(), c_.n_kv_heads, hd, cos, sin);

    size_t layer_base = static_cast<size_t>(l) * c_.kv_dim() * c_.max_seq;
    auto cache_at = [&](int kvh, int t) {
      return layer_base + (static_cast<size_t>(kvh) * c_.max_seq + t) * hd;
    };
    for (int kvh = 0; kvh < c_.n_kv_heads; ++kvh) {
      std::copy_n(&k[kvh * hd], hd, &k_cache_[cache_at(kvh, pos_)]);
      std::copy_n(&v[kvh * hd], hd, &v_cache_[cache_at(kvh, pos_)]);
    }
    for (int h = 0; h < c_.n_heads; ++h) {
      int kvh = h / group;
      float mx = -INFINITY;
      for (int t = 0; t <= pos_; ++t) {
        const float* kt = &k_cache_[cache_at(kvh, t)];
        double d = 0;
        for (int i = 0; i < hd; ++i) d += static_cast<double>(q[h * hd + i]) * kt[i];
        scores[t] = static_cast<float>(d * scale);
        mx = std::max(mx, scores[t]);
      }
      double sum = 0;
      for (int t = 0; t <= pos_; ++t) sum += scores[t] = std::exp(scores[t] - mx);
      for (int t = 0; t <= pos_; ++t) scores[t] = static_cast<float>(scores[t] / sum);
      for (int i = 0; i < hd; ++i) {
        double acc = 0;
        for (int t = 0; t <= pos_; ++t)
          acc += static_cast<double>(scores[t]) * v_cache_[cache_at(kvh, t) + i];
        att[h * hd + i] = static_cast<float>(acc);
      }
    }
    matvec(lw(l, LayerTensor::attn_output), att.data(), tmp.data(), H, c_.q_dim());
    for (int i = 0; i < H; ++i) x[i] += tmp[i];

    rms_norm(x.data(), lw(l, LayerTensor::ffn_norm), xn.data(), H, c_.rms_eps);
    matvec(lw(l, LayerTensor::ffn_gate), xn.data(), g.data(), c_.ffn, H);
    matvec(lw(l, LayerTensor::ffn_up), xn.data(), u.data(), c_.ffn, H);
    for (int i = 0; i < c_.ffn; ++i) g[i] = g[i] / (1.0f + std::exp(-g[i])) * u[i];
    matvec(lw(l, LayerTensor::ffn_down), g.data(), tmp.data(), H, c_.ffn);
    for (int i = 0; i < H; ++i) x[i] += tmp[i];
  }
  if (logits) {
    rms_norm(x.data(), w(output_norm_index), xn.data(), H, c_.rms_eps);
    logits->resize(c_.vocab);
    matvec(w(output_index(c_)), xn.data(), logits->data(), c_.vocab, H);
  }
  ++pos_;
}

}  // namespace cudabench::qwen3
