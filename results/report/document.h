// What every format renders: a Document of sections, each an ordered list of blocks (tables,
// sentences, charts, advice). The report, `--compare` and `--history` each build one Document;
// text, markdown and HTML render its sections, JSON writes its `json`, CSV its `csv` table. A new
// format therefore renders Documents and never learns what a report contains.
#pragma once

#include <string>
#include <variant>
#include <vector>

#include "results/report/json_doc.h"

namespace cudabench::results::report {

struct Table {
  std::string title;  // a caption when a section holds several tables; may be empty
  std::vector<std::string> header;
  std::vector<std::vector<std::string>> rows;
  std::string empty_reason;        // said instead of the rows when there are none
  std::vector<std::string> notes;  // printed under the table
};

// One sentence. `empty` marks the reason a section has nothing to show ("no traced runs: ...").
struct Paragraph {
  std::string text;
  bool empty = false;
};

// An inline SVG chart; only HTML draws it (every figure it shows is in a table or paragraph too).
struct Chart {
  std::string svg;
};

struct Bullet {
  std::string topic, finding, action;  // action: empty when there is nothing to do
};
struct Bullets {
  std::vector<Bullet> items;
  std::string empty_text;  // when there are no items
};

using Block = std::variant<Table, Paragraph, Chart, Bullets>;

struct Section {
  std::string id;     // stable anchor: "headline", "advice", "launch_pairs"
  std::string title;  // heading
  std::vector<Block> blocks;
  Json json;  // what the section adds to the JSON document under key `id`; null: nothing
};

struct Document {
  std::string title;               // "cudabench report: session 3"
  std::vector<std::string> lead;   // lines under the title: baseline, interval level, source
  std::vector<std::string> notes;  // facts the reader must know first (mixed environments, ...)
  std::vector<Section> sections;
  std::string verdict;  // a last line for the gate ("gate: FAIL"); empty when none
  Json json;            // the JSON format's whole document
  Table csv;            // the CSV format's one table
};

}  // namespace cudabench::results::report
