#pragma once
// The human-readable summary of a run, rendered from its results.json document.
#include <string>

#include <nlohmann/json.hpp>

namespace clue::report {

// Per task: score, sample counts by status, each value; then the levels. Scores averaged over
// fewer metrics than the task defines are marked with a dagger and explained underneath.
std::string RenderTable(const nlohmann::json& results);

}  // namespace clue::report
