// Opening a database file for the Store: which mode, what is checked before anything is written,
// and what an SQLite failure means for the user. Used by store.cpp only.
#pragma once

#include <string>

struct sqlite3;

namespace cudabench::results {

// Readers: the file must exist and is opened read-only (immutable when its directory or mount is
// read-only); an older schema is read from a copy in memory, upgraded there. Writers: created when
// missing. Both run check_database() before anything else, and a writer switches to WAL and
// migrates only after it; a refused file is never written to.
// Throws UserError (exit 2) naming the path and what is wrong.
sqlite3* open_database(const std::string& path, bool writable);

// The user's words for an SQLite result code ("corrupt database", "database is locked", ...).
std::string sqlite_problem(int code);

}  // namespace cudabench::results
