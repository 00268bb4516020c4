// Writes small GGUF v3 files for the tests: metadata of every kind the reader handles and F32, F16
// or BF16 tensors, laid out as the spec says (ggml/docs/gguf.md).
#pragma once

#include <cstdint>
#include <cstring>
#include <fstream>
#include <string>
#include <vector>

#include "workloads/qwen3/gguf.h"

namespace qwen3_test {

class GgufWriter {
 public:
  void u32(const std::string& key, uint32_t v) { scalar(key, 4, &v, 4); }
  void i32(const std::string& key, int32_t v) { scalar(key, 5, &v, 4); }
  void f32(const std::string& key, float v) { scalar(key, 6, &v, 4); }
  void u64(const std::string& key, uint64_t v) { scalar(key, 10, &v, 8); }
  void boolean(const std::string& key, bool v) {
    uint8_t b = v;
    scalar(key, 7, &b, 1);
  }
  void str(const std::string& key, const std::string& v) {
    header(key, 8);
    string(kv_, v);
    ++n_kv_;
  }
  void strings(const std::string& key, const std::vector<std::string>& v) {
    header(key, 9);
    pod(kv_, uint32_t{8});
    pod(kv_, uint64_t{v.size()});
    for (const auto& s : v) string(kv_, s);
    ++n_kv_;
  }
  void i32s(const std::string& key, const std::vector<int32_t>& v) {
    header(key, 9);
    pod(kv_, uint32_t{5});
    pod(kv_, uint64_t{v.size()});
    for (int32_t x : v) pod(kv_, x);
    ++n_kv_;
  }

  // type: 0 F32, 1 F16, 30 BF16; other ids are written as raw bytes of `raw_bytes` (for rejection tests).
  void tensor(const std::string& name, std::vector<uint64_t> dims, uint32_t type,
              const std::vector<float>& values, size_t raw_bytes = 0) {
    Tensor t{name, std::move(dims), type, {}};
    if (type == 0) {
      t.data.resize(values.size() * 4);
      std::memcpy(t.data.data(), values.data(), t.data.size());
    } else if (type == 1 || type == 30) {
      for (float v : values) {
        uint16_t h = type == 1 ? cudabench::qwen3::f32_to_f16(v) : cudabench::qwen3::f32_to_bf16(v);
        pod(t.data, h);
      }
    } else {
      t.data.assign(raw_bytes, 0);
    }
    tensors_.push_back(std::move(t));
  }

  void write(const std::string& path, uint32_t alignment = 32) {
    if (alignment != 32) u32("general.alignment", alignment);
    std::vector<uint8_t> out;
    pod(out, uint32_t{0x46554747});
    pod(out, uint32_t{3});
    pod(out, uint64_t{tensors_.size()});
    pod(out, uint64_t{n_kv_});
    out.insert(out.end(), kv_.begin(), kv_.end());
    uint64_t offset = 0;
    std::vector<uint64_t> offsets;
    for (const auto& t : tensors_) {
      string(out, t.name);
      pod(out, uint32_t(t.dims.size()));
      for (uint64_t d : t.dims) pod(out, d);
      pod(out, t.type);
      pod(out, offset);
      offsets.push_back(offset);
      offset = (offset + t.data.size() + alignment - 1) / alignment * alignment;
    }
    out.resize((out.size() + alignment - 1) / alignment * alignment, 0);
    size_t base = out.size();
    for (size_t i = 0; i < tensors_.size(); ++i) {
      out.resize(base + offsets[i], 0);
      out.insert(out.end(), tensors_[i].data.begin(), tensors_[i].data.end());
    }
    std::ofstream f(path, std::ios::binary);
    f.write(reinterpret_cast<const char*>(out.data()), static_cast<std::streamsize>(out.size()));
  }

 private:
  struct Tensor {
    std::string name;
    std::vector<uint64_t> dims;
    uint32_t type;
    std::vector<uint8_t> data;
  };
  template <typename T>
  static void pod(std::vector<uint8_t>& out, T v) {
    const auto* p = reinterpret_cast<const uint8_t*>(&v);
    out.insert(out.end(), p, p + sizeof(T));
  }
  static void string(std::vector<uint8_t>& out, const std::string& s) {
    pod(out, uint64_t{s.size()});
    out.insert(out.end(), s.begin(), s.end());
  }
  void header(const std::string& key, uint32_t type) {
    string(kv_, key);
    pod(kv_, type);
  }
  void scalar(const std::string& key, uint32_t type, const void* v, size_t n) {
    header(key, type);
    const auto* p = static_cast<const uint8_t*>(v);
    kv_.insert(kv_.end(), p, p + n);
    ++n_kv_;
  }

  std::vector<uint8_t> kv_;
  uint64_t n_kv_ = 0;
  std::vector<Tensor> tensors_;
};

}  // namespace qwen3_test
