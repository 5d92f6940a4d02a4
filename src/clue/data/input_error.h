#pragma once
// The one error type for bad user input (data files, task files, CLI values), formatted as
// `file:line: field: problem` so a user can jump straight to the offending spot.
#include <stdexcept>
#include <string>

namespace clue::data {

class InputError : public std::runtime_error {
 public:
  // line 0 means "the file as a whole"; an empty field means "the record as a whole".
  InputError(std::string file, int line, std::string field, std::string problem);

  const std::string& file() const { return file_; }
  int line() const { return line_; }
  const std::string& field() const { return field_; }
  const std::string& problem() const { return problem_; }

 private:
  std::string file_;
  int line_;
  std::string field_;
  std::string problem_;
};

}  // namespace clue::data
