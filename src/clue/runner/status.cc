#include "clue/runner/status.h"

#include <array>
#include <utility>

namespace clue::runner {
namespace {

constexpr std::array<std::pair<Status, std::string_view>, 6> kNames = {{
    {Status::kScored, "scored"},
    {Status::kUnparseable, "unparseable"},
    {Status::kTruncated, "truncated"},
    {Status::kRefused, "refused"},
    {Status::kFiltered, "filtered"},
    {Status::kError, "error"},
}};

}  // namespace

std::string_view StatusName(Status s) {
  for (const auto& [status, name] : kNames)
    if (status == s) return name;
  return "error";
}

std::optional<Status> ParseStatus(std::string_view name) {
  for (const auto& [status, n] : kNames)
    if (n == name) return status;
  return std::nullopt;
}

bool CountsTowardScores(Status s) { return s != Status::kError && s != Status::kFiltered; }

}  // namespace clue::runner
