#include "clue/data/input_error.h"

namespace clue::data {
namespace {

std::string Format(const std::string& file, int line, const std::string& field,
                   const std::string& problem) {
  std::string out = file;
  if (line > 0) out += ":" + std::to_string(line);
  out += ": ";
  if (!field.empty()) out += field + ": ";
  out += problem;
  return out;
}

}  // namespace

InputError::InputError(std::string file, int line, std::string field, std::string problem)
    : std::runtime_error(Format(file, line, field, problem)),
      file_(std::move(file)),
      line_(line),
      field_(std::move(field)),
      problem_(std::move(problem)) {}

}  // namespace clue::data
