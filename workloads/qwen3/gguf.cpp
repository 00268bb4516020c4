#include "workloads/qwen3/gguf.h"

#include <fcntl.h>
#include <fmt/format.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstring>

#include "common/error.h"

namespace cudabench::qwen3 {
namespace {

constexpr uint32_t gguf_magic = 0x46554747;  // "GGUF" read as a little-endian uint32

// Bounds-checked little-endian cursor over the mapped file.
class Cursor {
 public:
  Cursor(const uint8_t* data, size_t size, const std::string& path) : data_(data), size_(size), path_(path) {}

  template <typename T>
  T read() {
    T v;
    need(sizeof(T), "a value");
    std::memcpy(&v, data_ + pos_, sizeof(T));
    pos_ += sizeof(T);
    return v;
  }
  std::string read_string() {
    uint64_t n = read<uint64_t>();
    need(n, "a string");
    std::string s(reinterpret_cast<const char*>(data_ + pos_), n);
    pos_ += n;
    return s;
  }
  size_t pos() const { return pos_; }
  [[noreturn]] void fail(const std::string& what) const {
    throw UserError(fmt::format("{}: not a valid GGUF file: {} (at byte {})", path_, what, pos_));
  }

 private:
  void need(uint64_t n, const char* what) const {
    if (n > size_ - pos_) fail(fmt::format("file ends inside {}", what));
  }
  const uint8_t* data_;
  size_t size_;
  size_t pos_ = 0;
  const std::string& path_;
};

int64_t read_integer(Cursor& c, GgufType t) {
  switch (t) {
    case GgufType::uint8: return c.read<uint8_t>();
    case GgufType::int8: return c.read<int8_t>();
    case GgufType::uint16: return c.read<uint16_t>();
    case GgufType::int16: return c.read<int16_t>();
    case GgufType::uint32: return c.read<uint32_t>();
    case GgufType::int32: return c.read<int32_t>();
    case GgufType::uint64: return static_cast<int64_t>(c.read<uint64_t>());
    case GgufType::int64: return c.read<int64_t>();
    case GgufType::boolean: return c.read<uint8_t>() != 0;
    default: c.fail("internal: not an integer type");
  }
}

bool is_integer(GgufType t) {
  return t == GgufType::uint8 || t == GgufType::int8 || t == GgufType::uint16 || t == GgufType::int16 ||
         t == GgufType::uint32 || t == GgufType::int32 || t == GgufType::uint64 || t == GgufType::int64 ||
         t == GgufType::boolean;
}

GgufValue read_value(Cursor& c, GgufType t) {
  GgufValue v;
  v.type = t;
  if (is_integer(t)) {
    v.integer = read_integer(c, t);
  } else if (t == GgufType::float32) {
    v.real = c.read<float>();
  } else if (t == GgufType::float64) {
    v.real = c.read<double>();
  } else if (t == GgufType::string) {
    v.text = c.read_string();
  } else if (t == GgufType::array) {
    v.elem_type = static_cast<GgufType>(c.read<uint32_t>());
    uint64_t n = c.read<uint64_t>();
    if (n > (1ull << 32)) c.fail(fmt::format("array of {} elements", n));
    for (uint64_t i = 0; i < n; ++i) {
      if (is_integer(v.elem_type))
        v.integers.push_back(read_integer(c, v.elem_type));
      else if (v.elem_type == GgufType::float32)
        v.floats.push_back(c.read<float>());
      else if (v.elem_type == GgufType::float64)
        v.floats.push_back(c.read<double>());
      else if (v.elem_type == GgufType::string)
        v.strings.push_back(c.read_string());
      else
        c.fail(fmt::format("array of unsupported element type {}", static_cast<uint32_t>(v.elem_type)));
    }
  } else {
    c.fail(fmt::format("unknown metadata value type {}", static_cast<uint32_t>(t)));
  }
  return v;
}

size_t type_size(uint32_t type) {
  switch (static_cast<GgmlType>(type)) {
    case GgmlType::f32: return 4;
    case GgmlType::f16: return 2;
    case GgmlType::bf16: return 2;
  }
  return 0;
}

}  // namespace

uint64_t GgufTensorInfo::elements() const {
  uint64_t n = 1;
  for (uint64_t d : dims) n *= d;
  return n;
}

const char* ggml_type_name(uint32_t type) {
  static const char* names[] = {"F32",     "F16",    "Q4_0",    "Q4_1",  "Q4_2",   "Q4_3",  "Q5_0",  "Q5_1",
                                "Q8_0",    "Q8_1",   "Q2_K",    "Q3_K",  "Q4_K",   "Q5_K",  "Q6_K",  "Q8_K",
                                "IQ2_XXS", "IQ2_XS", "IQ3_XXS", "IQ1_S", "IQ4_NL", "IQ3_S", "IQ2_S", "IQ4_XS",
                                "I8",      "I16",    "I32",     "I64",   "F64",    "IQ1_M", "BF16"};
  return type < sizeof(names) / sizeof(names[0]) ? names[type] : "unknown";
}

float f16_to_f32(uint16_t h) {
  uint32_t sign = static_cast<uint32_t>(h & 0x8000) << 16;
  uint32_t exp = (h >> 10) & 0x1f;
  uint32_t mant = h & 0x3ff;
  uint32_t bits;
  if (exp == 0) {
    if (mant == 0) {
      bits = sign;
    } else {  // subnormal: normalise
      int e = -1;
      do {
        ++e;
        mant <<= 1;
      } while (!(mant & 0x400));
      bits = sign | static_cast<uint32_t>(127 - 15 - e) << 23 | (mant & 0x3ff) << 13;
    }
  } else if (exp == 0x1f) {
    bits = sign | 0x7f800000u | mant << 13;
  } else {
    bits = sign | (exp + 127 - 15) << 23 | mant << 13;
  }
  float f;
  std::memcpy(&f, &bits, 4);
  return f;
}

float bf16_to_f32(uint16_t h) {
  uint32_t bits = static_cast<uint32_t>(h) << 16;
  float f;
  std::memcpy(&f, &bits, 4);
  return f;
}

uint16_t f32_to_bf16(float f) {
  uint32_t bits;
  std::memcpy(&bits, &f, 4);
  if ((bits & 0x7fffffff) > 0x7f800000) return static_cast<uint16_t>((bits >> 16) | 0x40);  // NaN
  bits += 0x7fff + ((bits >> 16) & 1);
  return static_cast<uint16_t>(bits >> 16);
}

uint16_t f32_to_f16(float f) {
  uint32_t bits;
  std::memcpy(&bits, &f, 4);
  uint16_t sign = static_cast<uint16_t>((bits >> 16) & 0x8000);
  uint32_t abs = bits & 0x7fffffff;
  if (abs > 0x7f800000) return sign | 0x7e00;   // NaN
  if (abs >= 0x477ff000) return sign | 0x7c00;  // overflow (>= 65520) to infinity
  if (abs < 0x38800000) {                       // subnormal or zero in f16
    if (abs < 0x33000000) return sign;          // below half the smallest subnormal
    uint32_t mant = (abs & 0x7fffff) | 0x800000;
    int shift = 126 - static_cast<int>(abs >> 23);  // 14 - (exp - 127) + 10 - 23 + ...
    uint32_t half = mant >> (shift);
    uint32_t rem = mant & ((1u << shift) - 1);
    uint32_t mid = 1u << (shift - 1);
    if (rem > mid || (rem == mid && (half & 1))) ++half;
    return sign | static_cast<uint16_t>(half);
  }
  uint32_t h = ((abs >> 23) - 112) << 10 | (abs >> 13 & 0x3ff);
  uint32_t rem = abs & 0x1fff;
  if (rem > 0x1000 || (rem == 0x1000 && (h & 1))) ++h;  // may carry into the exponent: correct
  return sign | static_cast<uint16_t>(h);
}

GgufFile::GgufFile(const std::string& path) : path_(path) {
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) throw UserError(fmt::format("{}: cannot open: {}", path, errno_text(errno)));
  struct stat st {};
  if (fstat(fd, &st) != 0 || st.st_size == 0) {
    ::close(fd);
    throw UserError(fmt::format("{}: empty or unreadable file", path));
  }
  size_ = static_cast<size_t>(st.st_size);
  void* m = mmap(nullptr, size_, PROT_READ, MAP_PRIVATE, fd, 0);
  ::close(fd);
  if (m == MAP_FAILED) throw UserError(fmt::format("{}: cannot map: {}", path, errno_text(errno)));
  map_ = static_cast<const uint8_t*>(m);

  try {
    Cursor c(map_, size_, path_);
    if (c.read<uint32_t>() != gguf_magic) c.fail("missing GGUF magic");
    version_ = c.read<uint32_t>();
    if (version_ != 2 && version_ != 3)
      c.fail(fmt::format("version {} (this reader understands 2 and 3)", version_));
    uint64_t n_tensors = c.read<uint64_t>();
    uint64_t n_kv = c.read<uint64_t>();
    if (n_tensors > (1u << 24) || n_kv > (1u << 24)) c.fail("implausible tensor or key count");
    for (uint64_t i = 0; i < n_kv; ++i) {
      std::string key = c.read_string();
      auto type = static_cast<GgufType>(c.read<uint32_t>());
      metadata_[key] = read_value(c, type);
    }
    if (auto a = get_int("general.alignment")) {
      if (*a <= 0 || (*a & (*a - 1)) != 0)
        c.fail(fmt::format("general.alignment {} is not a power of two", *a));
      alignment_ = static_cast<uint64_t>(*a);
    }
    for (uint64_t i = 0; i < n_tensors; ++i) {
      GgufTensorInfo t;
      t.name = c.read_string();
      uint32_t n_dims = c.read<uint32_t>();
      if (n_dims == 0 || n_dims > 4) c.fail(fmt::format("tensor {} has {} dimensions", t.name, n_dims));
      for (uint32_t d = 0; d < n_dims; ++d) t.dims.push_back(c.read<uint64_t>());
      t.type = c.read<uint32_t>();
      t.offset = c.read<uint64_t>();
      if (t.offset % alignment_ != 0) c.fail(fmt::format("tensor {} is not aligned", t.name));
      tensor_index_[t.name] = tensors_.size();
      tensors_.push_back(std::move(t));
    }
    data_start_ = (c.pos() + alignment_ - 1) / alignment_ * alignment_;
    for (const auto& t : tensors_) {
      size_t es = type_size(t.type);
      if (es == 0) continue;  // checked when read: a quantised tensor we never read is harmless
      uint64_t bytes = t.elements() * es;
      if (data_start_ + t.offset + bytes > size_)
        c.fail(fmt::format("tensor {} ({} bytes at offset {}) runs past the end of the file", t.name, bytes,
                           t.offset));
    }
  } catch (...) {
    munmap(const_cast<uint8_t*>(map_), size_);
    throw;
  }
}

GgufFile::~GgufFile() {
  if (map_) munmap(const_cast<uint8_t*>(map_), size_);
}

const GgufValue* GgufFile::find(std::string_view key) const {
  auto it = metadata_.find(key);
  return it == metadata_.end() ? nullptr : &it->second;
}

std::optional<int64_t> GgufFile::get_int(std::string_view key) const {
  const GgufValue* v = find(key);
  if (!v || !is_integer(v->type)) return std::nullopt;
  return v->integer;
}

std::optional<double> GgufFile::get_float(std::string_view key) const {
  const GgufValue* v = find(key);
  if (!v) return std::nullopt;
  if (v->type == GgufType::float32 || v->type == GgufType::float64) return v->real;
  if (is_integer(v->type)) return static_cast<double>(v->integer);
  return std::nullopt;
}

std::optional<std::string> GgufFile::get_string(std::string_view key) const {
  const GgufValue* v = find(key);
  if (!v || v->type != GgufType::string) return std::nullopt;
  return v->text;
}

const GgufTensorInfo* GgufFile::tensor(std::string_view name) const {
  auto it = tensor_index_.find(name);
  return it == tensor_index_.end() ? nullptr : &tensors_[it->second];
}

std::vector<float> GgufFile::read_f32(const GgufTensorInfo& info) const {
  size_t es = type_size(info.type);
  if (es == 0)
    throw UserError(fmt::format("{}: tensor {} has type {} ({}); only F32, F16 and BF16 are supported", path_,
                                info.name, ggml_type_name(info.type), info.type),
                    "convert the model with llama.cpp's convert_hf_to_gguf.py --outtype f32|f16|bf16");
  const uint8_t* p = map_ + data_start_ + info.offset;
  std::vector<float> out(info.elements());
  auto widen = [&](float (*convert)(uint16_t)) {
    for (size_t i = 0; i < out.size(); ++i) {
      uint16_t h;
      std::memcpy(&h, p + 2 * i, 2);
      out[i] = convert(h);
    }
  };
  switch (static_cast<GgmlType>(info.type)) {
    case GgmlType::f32: std::memcpy(out.data(), p, out.size() * 4); break;
    case GgmlType::f16: widen(f16_to_f32); break;
    case GgmlType::bf16: widen(bf16_to_f32); break;
  }
  return out;
}

}  // namespace cudabench::qwen3
