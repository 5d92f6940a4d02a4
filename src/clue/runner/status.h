#pragma once
// The fixed set of outcomes a sample can end with. Every sample gets exactly one.
#include <optional>
#include <string_view>

namespace clue::runner {

enum class Status {
  kScored,       // the model answered and the answer was scored
  kUnparseable,  // the model answered but the task's parser found no answer (scored per protocol, counted apart)
  kTruncated,    // generation stopped at max_tokens (finish_reason=length); still scored, counted apart
  kRefused,      // the model declined to answer; scored per protocol, counted apart
  kFiltered,     // the provider's content filter removed the answer; excluded from scores
  kError,        // infrastructure failure (HTTP, timeout, plug-in crash); excluded from scores
};

std::string_view StatusName(Status s);
std::optional<Status> ParseStatus(std::string_view name);
// Whether samples with this status take part in metric means. Errors and filtered samples never do:
// an infrastructure failure must not be counted as a wrong answer.
bool CountsTowardScores(Status s);

}  // namespace clue::runner
