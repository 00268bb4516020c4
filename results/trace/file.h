// cudabench's own trace file (`run --keep-trace`): TraceData as compact binary columns, so a run can
// be analysed again or exported later without re-running it.
//
// Layout (little-endian): the 8-byte magic "CBTRACE\0", u32 version, u32 flags (0),
// then every field of TraceData in declaration order; each column is a u64 element count followed
// by its raw elements, each string a u32 length and its bytes. The file ends with a u64 checksum
// (FNV-1a over the preceding bytes taken as little-endian 64-bit words, the last one zero-padded)
// that catches truncation and corruption. Written to a temporary file, fsync'ed and renamed, so a
// crash never leaves a half-written trace under the final name.
#pragma once

#include <string>

#include "tracer/model/trace_data.h"

namespace cudabench::results {

// 2: off-CPU rows with wakeups, states and how their end is known; threads with their process and
// the kernel's accounting (version 1 files are refused with a message naming the version).
inline constexpr uint32_t trace_file_version = 2;

// The directory for kept traces (`DB.traces`): created 0700 when missing; refused (UserError) when
// it is not a directory, belongs to another user or is writable by group or others, since files in
// it are written by root. Returns `dir`. Called before a session stores anything.
std::string prepare_trace_dir(const std::string& dir);

// Throws RunError when the file cannot be written. The temporary file is created with a random
// name, O_EXCL and O_NOFOLLOW, then renamed over `path`.
void write_trace_file(const trace::TraceData& trace, const std::string& path);

// Throws UserError naming the file when it is missing, not a trace file, of another version,
// truncated or corrupt.
trace::TraceData read_trace_file(const std::string& path);

}  // namespace cudabench::results
