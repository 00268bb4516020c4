// A reader for GGUF files (versions 2 and 3, little-endian), the format llama.cpp stores models in:
// a header, key/value metadata, tensor infos, then the tensor data at `general.alignment`.
// Spec: ggml/docs/gguf.md in ggml-org/ggml. The file is memory-mapped; F32, F16 and BF16 tensors
// convert to FP32 on read. Malformed files throw UserError naming the file and what is wrong.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace cudabench::qwen3 {

enum class GgufType : uint32_t {
  uint8 = 0,
  int8 = 1,
  uint16 = 2,
  int16 = 3,
  uint32 = 4,
  int32 = 5,
  float32 = 6,
  boolean = 7,
  string = 8,
  array = 9,
  uint64 = 10,
  int64 = 11,
  float64 = 12,
};

// ggml tensor types this reader converts; others (quantised) are rejected by name.
enum class GgmlType : uint32_t { f32 = 0, f16 = 1, bf16 = 30 };

struct GgufValue {
  GgufType type = GgufType::uint8;
  GgufType elem_type = GgufType::uint8;  // arrays
  // Scalars land in the member of their kind (integers and booleans in `integer`); arrays of
  // numbers in `integers`/`floats`, arrays of strings in `strings`.
  int64_t integer = 0;
  double real = 0;
  std::string text;
  std::vector<int64_t> integers;
  std::vector<double> floats;
  std::vector<std::string> strings;
  bool is_array() const { return type == GgufType::array; }
};

struct GgufTensorInfo {
  std::string name;
  std::vector<uint64_t> dims;  // ne[0] first (contiguous)
  uint32_t type = 0;           // ggml_type
  uint64_t offset = 0;         // from the start of the data section
  uint64_t elements() const;
};

class GgufFile {
 public:
  explicit GgufFile(const std::string& path);
  ~GgufFile();
  GgufFile(const GgufFile&) = delete;
  GgufFile& operator=(const GgufFile&) = delete;

  const std::string& path() const { return path_; }
  uint32_t version() const { return version_; }
  uint64_t alignment() const { return alignment_; }
  const std::map<std::string, GgufValue, std::less<>>& metadata() const { return metadata_; }
  const std::vector<GgufTensorInfo>& tensors() const { return tensors_; }

  const GgufValue* find(std::string_view key) const;
  std::optional<int64_t> get_int(std::string_view key) const;   // any integer type
  std::optional<double> get_float(std::string_view key) const;  // float or integer types
  std::optional<std::string> get_string(std::string_view key) const;
  const GgufTensorInfo* tensor(std::string_view name) const;

  // The tensor's elements as FP32 (F32 copied, F16/BF16 converted). Throws for other types.
  std::vector<float> read_f32(const GgufTensorInfo& info) const;

 private:
  std::string path_;
  const uint8_t* map_ = nullptr;
  size_t size_ = 0;
  uint32_t version_ = 0;
  uint64_t alignment_ = 32;
  uint64_t data_start_ = 0;
  std::map<std::string, GgufValue, std::less<>> metadata_;
  std::vector<GgufTensorInfo> tensors_;
  std::map<std::string, size_t, std::less<>> tensor_index_;
};

const char* ggml_type_name(uint32_t type);
float f16_to_f32(uint16_t h);
float bf16_to_f32(uint16_t h);
uint16_t f32_to_f16(float f);   // round to nearest even; used by tests to write F16 tensors
uint16_t f32_to_bf16(float f);  // round to nearest even

}  // namespace cudabench::qwen3
