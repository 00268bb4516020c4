#include "results/metrics/histogram.h"

#include <algorithm>
#include <bit>
#include <cmath>

#include "common/error.h"

namespace cudabench::results {
namespace {

constexpr uint64_t sub_buckets = uint64_t{1} << Histogram::sub_bucket_bits;  // 32
constexpr size_t bucket_limit = sub_buckets + (64 - Histogram::sub_bucket_bits) * sub_buckets;

// Encoding: 'H', version byte, then varints: count, sum, min, max, number of non-empty buckets,
// and per non-empty bucket (index delta from the previous one, its count).
constexpr char encoding_tag = 'H';
constexpr uint8_t encoding_version = 1;

void put_varint(std::string& out, uint64_t v) {
  while (v >= 0x80) {
    out.push_back(static_cast<char>((v & 0x7f) | 0x80));
    v >>= 7;
  }
  out.push_back(static_cast<char>(v));
}

struct Reader {
  std::string_view bytes;
  size_t pos = 0;

  [[noreturn]] void fail(const char* what) const {
    throw UserError(std::string("corrupt histogram blob: ") + what);
  }
  uint64_t varint() {
    uint64_t v = 0;
    for (int shift = 0; shift < 64; shift += 7) {
      if (pos >= bytes.size()) fail("truncated");
      auto b = static_cast<uint8_t>(bytes[pos++]);
      v |= static_cast<uint64_t>(b & 0x7f) << shift;
      if (!(b & 0x80)) return v;
    }
    fail("varint too long");
  }
};

}  // namespace

size_t Histogram::bucket_of(uint64_t value) {
  if (value < sub_buckets) return static_cast<size_t>(value);
  int e = 63 - std::countl_zero(value);  // >= sub_bucket_bits
  uint64_t sub = (value >> (e - sub_bucket_bits)) - sub_buckets;
  return static_cast<size_t>(sub_buckets + (e - sub_bucket_bits) * sub_buckets + sub);
}

uint64_t Histogram::bucket_low(size_t index) {
  if (index < sub_buckets) return index;
  size_t e = (index - sub_buckets) / sub_buckets + sub_bucket_bits;
  uint64_t sub = (index - sub_buckets) % sub_buckets;
  return (sub_buckets + sub) << (e - sub_bucket_bits);
}

uint64_t Histogram::bucket_width(size_t index) {
  if (index < sub_buckets) return 1;
  size_t e = (index - sub_buckets) / sub_buckets + sub_bucket_bits;
  return uint64_t{1} << (e - sub_bucket_bits);
}

double Histogram::bucket_value(size_t index) const {
  double mid = static_cast<double>(bucket_low(index)) + static_cast<double>(bucket_width(index) - 1) / 2;
  return std::clamp(mid, static_cast<double>(min()), static_cast<double>(max_));
}

void Histogram::add(uint64_t value, uint64_t times) {
  if (times == 0) return;
  size_t b = bucket_of(value);
  if (b >= buckets_.size()) buckets_.resize(b + 1, 0);
  buckets_[b] += times;
  count_ += times;
  sum_ += value * times;
  min_ = std::min(min_, value);
  max_ = std::max(max_, value);
}

void Histogram::merge(const Histogram& other) {
  if (other.buckets_.size() > buckets_.size()) buckets_.resize(other.buckets_.size(), 0);
  for (size_t i = 0; i < other.buckets_.size(); ++i) buckets_[i] += other.buckets_[i];
  count_ += other.count_;
  sum_ += other.sum_;
  min_ = std::min(min_, other.min_);
  max_ = std::max(max_, other.max_);
}

double Histogram::percentile(double p) const {
  if (count_ == 0) return 0;
  p = std::clamp(p, 0.0, 100.0);
  auto rank = static_cast<uint64_t>(std::ceil(p / 100.0 * static_cast<double>(count_)));
  rank = std::max<uint64_t>(rank, 1);
  if (rank == count_) return static_cast<double>(max_);  // the extremes are known exactly
  if (rank == 1) return static_cast<double>(min_);
  uint64_t seen = 0;
  for (size_t i = 0; i < buckets_.size(); ++i) {
    seen += buckets_[i];
    if (seen >= rank) return bucket_value(i);
  }
  return static_cast<double>(max_);
}

std::vector<CdfPoint> Histogram::cdf_points() const {
  std::vector<CdfPoint> points;
  uint64_t seen = 0;
  for (size_t i = 0; i < buckets_.size(); ++i) {
    if (!buckets_[i]) continue;
    seen += buckets_[i];
    double top = static_cast<double>(bucket_low(i) + bucket_width(i) - 1);
    points.push_back(
        {std::min(top, static_cast<double>(max_)), static_cast<double>(seen) / static_cast<double>(count_)});
  }
  return points;
}

std::string Histogram::encode() const {
  std::string out;
  out.push_back(encoding_tag);
  out.push_back(static_cast<char>(encoding_version));
  put_varint(out, count_);
  put_varint(out, sum_);
  put_varint(out, min());
  put_varint(out, max_);
  auto used = std::count_if(buckets_.begin(), buckets_.end(), [](uint64_t c) { return c != 0; });
  put_varint(out, static_cast<uint64_t>(used));
  size_t previous = 0;
  for (size_t i = 0; i < buckets_.size(); ++i) {
    if (!buckets_[i]) continue;
    put_varint(out, i - previous);
    put_varint(out, buckets_[i]);
    previous = i;
  }
  return out;
}

Histogram Histogram::decode(std::string_view bytes) {
  Reader r{bytes};
  if (bytes.size() < 2 || bytes[0] != encoding_tag) r.fail("not a histogram");
  if (static_cast<uint8_t>(bytes[1]) != encoding_version) {
    throw UserError("histogram blob has version " + std::to_string(uint8_t(bytes[1])) +
                        ", this cudabench reads version " + std::to_string(encoding_version),
                    "use the cudabench that wrote the database");
  }
  r.pos = 2;
  Histogram h;
  h.count_ = r.varint();
  h.sum_ = r.varint();
  uint64_t min = r.varint();
  h.max_ = r.varint();
  h.min_ = h.count_ ? min : UINT64_MAX;
  uint64_t used = r.varint();
  if (used > bucket_limit) r.fail("too many buckets");
  size_t index = 0;
  uint64_t total = 0;
  for (uint64_t k = 0; k < used; ++k) {
    index += r.varint();
    uint64_t c = r.varint();
    if (index >= bucket_limit) r.fail("bucket index out of range");
    if (index >= h.buckets_.size()) h.buckets_.resize(index + 1, 0);
    h.buckets_[index] = c;
    total += c;
  }
  if (total != h.count_) r.fail("bucket counts do not add up to the count");
  if (r.pos != bytes.size()) r.fail("trailing bytes");
  return h;
}

bool Histogram::operator==(const Histogram& other) const {
  if (count_ != other.count_ || sum_ != other.sum_ || min() != other.min() || max_ != other.max_)
    return false;
  size_t n = std::max(buckets_.size(), other.buckets_.size());
  for (size_t i = 0; i < n; ++i) {
    uint64_t a = i < buckets_.size() ? buckets_[i] : 0;
    uint64_t b = i < other.buckets_.size() ? other.buckets_[i] : 0;
    if (a != b) return false;
  }
  return true;
}

}  // namespace cudabench::results
