#pragma once
// Content hashes that identify tasks and prompts in results (sha256, hex).
#include <string>
#include <string_view>

namespace clue::tasks {

std::string Sha256Hex(std::string_view bytes);

}  // namespace clue::tasks
