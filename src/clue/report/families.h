#pragma once
// The model-family file for `clue compare --families`:
//
//   families:
//     - {biomedical: runs/openbio-8b, base: runs/llama3-8b-instruct}
//     - biomedical: runs/biomistral-7b
//       base: runs/mistral-7b-instruct-v0.1
//
// Relative paths are taken from the working directory when they exist there, else from the
// file's own directory.
#include <string>
#include <vector>

namespace clue::report {

struct FamilySpec {
  std::string biomedical, base;  // run directories
  int line = 0;                  // in the YAML file
};

// Throws data::InputError (file, line, field) for a malformed file or a missing directory.
std::vector<FamilySpec> LoadFamilies(const std::string& path);

}  // namespace clue::report
