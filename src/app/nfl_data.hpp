#pragma once
// The NFL facts' path into and out of the store: data/nfl/*.json (or an import file)
// are validated by the domain parser, written as rows, and read back as the game's
// Catalog when the server starts.
#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "domain/game/catalog.hpp"
#include "store/store.hpp"

namespace jm {

// Reads and parses a JSON file; throws std::runtime_error naming the file.
nlohmann::json read_json_file(const std::string& path);

struct ImportReport {
  store::SeedCounts counts;
  std::vector<domain::ImportProblem> problems;  // rejected rows; the rest were imported
};

// Loads teams.json and careers.json from `data_dir` into the store (idempotent).
ImportReport seed_nfl(store::Store& store, const std::string& data_dir);

// Adds or updates careers from a careers.json-shaped file, against the stored teams.
// `progress(done, total)` is called while rows are written.
ImportReport import_careers(store::Store& store, const nlohmann::json& careers,
                            const std::function<void(std::size_t, std::size_t)>& progress = {});

// Builds the game's catalogue: careers and teams from the store, the autocomplete
// index from `data_dir`/players.json.
std::shared_ptr<const domain::Catalog> load_catalog(store::Store& store,
                                                    const std::string& data_dir);

}  // namespace jm
