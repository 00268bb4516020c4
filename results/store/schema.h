// Schema migrations, applied in order; PRAGMA user_version is the number of migrations applied.
#pragma once

#include <span>
#include <string_view>

struct sqlite3;

namespace cudabench::results {

std::span<const std::string_view> schema_migrations();
int current_schema_version();
// Brings the database up to current_schema_version(), one transaction per step.
void migrate(sqlite3* db, const std::string& path);

}  // namespace cudabench::results
