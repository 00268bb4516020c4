#include "results/store/open.h"

#include <sqlite3.h>
#include <sys/stat.h>

#include <cerrno>

#include "common/error.h"
#include "results/store/db.h"
#include "results/store/schema.h"

namespace cudabench::results {
namespace {

constexpr const char* db_hint = "pass another path with --db (or set CUDABENCH_DB)";

int primary(int code) {
  return code & 0xff;
}

// "file:" URI of a path, for immutable=1 (RFC 3986: '%', '?' and '#' must be escaped).
std::string file_uri(const std::string& path) {
  std::string uri = "file:";
  for (char c : path) {
    if (c == '%' || c == '?' || c == '#') {
      static const char* hex = "0123456789ABCDEF";
      uri += '%';
      uri += hex[(static_cast<unsigned char>(c) >> 4) & 0xf];
      uri += hex[static_cast<unsigned char>(c) & 0xf];
    } else {
      uri += c;
    }
  }
  return uri + "?immutable=1";
}

[[noreturn]] void refuse(const std::string& path, int code, const std::string& detail) {
  throw UserError(path + ": " + sqlite_problem(code) + (detail.empty() ? "" : " (" + detail + ")"), db_hint,
                  {.sqlite_code = primary(code)});
}

// A regular file (or, for a writer, nothing yet). Checked before SQLite sees the path, so a FIFO
// never blocks and a directory is named as one.
void check_path(const std::string& path, bool writable) {
  if (path.empty()) throw UserError("--db: an empty path names no database", db_hint);
  struct stat st {};
  if (stat(path.c_str(), &st) != 0) {
    if (errno == ENOENT && writable) return;
    if (errno == ENOENT)
      throw UserError(path + ": no such database",
                      "pass --db PATH or set CUDABENCH_DB; `cudabench run` creates one",
                      {.sys_errno = ENOENT});
    throw UserError(path + ": " + errno_text(errno), db_hint, {.sys_errno = errno});
  }
  if (S_ISDIR(st.st_mode)) throw UserError(path + ": is a directory, not a database", db_hint);
  if (!S_ISREG(st.st_mode)) throw UserError(path + ": not a regular file, not a database", db_hint);
}

sqlite3* try_open(const std::string& name, int flags, int* rc) {
  sqlite3* db = nullptr;
  *rc = sqlite3_open_v2(name.c_str(), &db, flags, nullptr);
  if (*rc == SQLITE_OK) {
    sqlite3_busy_timeout(db, 5000);
    sqlite3_extended_result_codes(db, 1);
    // The first read: it fails here for a file that is not a database or cannot be read.
    *rc = sqlite3_exec(db, "SELECT count(*) FROM sqlite_master", nullptr, nullptr, nullptr);
    if (*rc == SQLITE_OK) return db;
  }
  sqlite3_close(db);
  return nullptr;
}

// A WAL database on a read-only mount, or one owned by another user whose -shm we may not create,
// cannot be opened read-only the normal way; immutable=1 reads it without any lock or side file,
// which is safe because nothing can write there.
sqlite3* open_reader(const std::string& path) {
  int rc = SQLITE_OK;
  if (sqlite3* db = try_open(path, SQLITE_OPEN_READONLY, &rc)) return db;
  const int first = rc;
  if (primary(rc) == SQLITE_CANTOPEN || primary(rc) == SQLITE_READONLY) {
    if (sqlite3* db = try_open(file_uri(path), SQLITE_OPEN_READONLY | SQLITE_OPEN_URI, &rc)) return db;
  }
  refuse(path, first, sqlite3_errstr(first));
}

sqlite3* open_writer(const std::string& path) {
  int rc = SQLITE_OK;
  if (sqlite3* db = try_open(path, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, &rc)) return db;
  refuse(path, rc, sqlite3_errstr(rc));
}

int64_t single_int(sqlite3* db, const char* sql) {
  db::Statement st(db, sql);
  return st.step() ? st.int64(0) : 0;
}

// Refuses, before anything is written: somebody else's database, a newer schema, corruption, and
// for a reader one that has no schema yet.
void check_database(sqlite3* db, const std::string& path, bool writable) {
  const int64_t version = single_int(db, "PRAGMA user_version");
  const int64_t tables = single_int(db, "SELECT count(*) FROM sqlite_master");
  if (version == 0 && tables != 0)
    throw UserError(path + ": not a cudabench database (it has tables but no cudabench schema)", db_hint);
  if (version > current_schema_version())
    throw UserError(path + ": database schema version " + std::to_string(version) +
                        " is newer than this cudabench (" + std::to_string(current_schema_version()) + ")",
                    "use a newer cudabench to read it");
  db::Statement check(db, "PRAGMA quick_check(1)");
  if (!check.step() || check.text(0) != "ok") refuse(path, SQLITE_CORRUPT, "quick_check: " + check.text(0));
  if (writable) return;
  if (version == 0) throw UserError(path + ": an empty database: no session was stored in it", db_hint);
}

// A reader of an older schema gets a copy in memory, upgraded there: reading commands never change
// a database, and still read every version this cudabench can migrate.
sqlite3* upgraded_copy(sqlite3* file, const std::string& path) {
  sqlite3* mem = nullptr;
  if (sqlite3_open_v2(":memory:", &mem, SQLITE_OPEN_READWRITE, nullptr) != SQLITE_OK) {
    sqlite3_close(mem);
    refuse(path, SQLITE_NOMEM, "cannot open an in-memory copy");
  }
  sqlite3_backup* copy = sqlite3_backup_init(mem, "main", file, "main");
  int rc = copy ? sqlite3_backup_step(copy, -1) : sqlite3_errcode(mem);
  rc = copy ? sqlite3_backup_finish(copy) : rc;
  sqlite3_close(file);
  if (rc != SQLITE_OK) {
    sqlite3_close(mem);
    refuse(path, rc, sqlite3_errstr(rc));
  }
  migrate(mem, path);
  return mem;
}

}  // namespace

std::string sqlite_problem(int code) {
  switch (primary(code)) {
    case SQLITE_NOTADB: return "not a database (not an SQLite file)";
    case SQLITE_CORRUPT: return "corrupt database";
    case SQLITE_BUSY:
    case SQLITE_LOCKED: return "database is locked by another process";
    case SQLITE_READONLY: return "read-only database";
    case SQLITE_IOERR: return "I/O error reading the database";
    case SQLITE_FULL: return "disk full";
    case SQLITE_PERM:
    case SQLITE_AUTH: return "permission denied";
    case SQLITE_CANTOPEN: return "cannot open the database file";
    default: return std::string("database error: ") + sqlite3_errstr(code);
  }
}

sqlite3* open_database(const std::string& path, bool writable) {
  check_path(path, writable);
  sqlite3* db = writable ? open_writer(path) : open_reader(path);
  try {
    check_database(db, path, writable);
    if (writable) {
      db::exec(db, "PRAGMA journal_mode = WAL");
      // synchronous=FULL: a run that was reported committed survives a power cut too.
      db::exec(db, "PRAGMA synchronous = FULL");
      migrate(db, path);
    } else if (single_int(db, "PRAGMA user_version") < current_schema_version()) {
      sqlite3* file = db;
      db = nullptr;
      db = upgraded_copy(file, path);
    }
    db::exec(db, "PRAGMA foreign_keys = ON");
  } catch (const UserError&) {
    sqlite3_close(db);
    throw;
  } catch (const Error& e) {
    sqlite3_close(db);
    if (e.sqlite_code() == 0) throw;
    refuse(path, e.sqlite_code(), e.what());
  }
  return db;
}

}  // namespace cudabench::results
