#pragma once
// Test helper: generates the tiny random BERT (scripts/make_tiny_bert.py) once per test program
// and runs the independent NumPy reference (scripts/bertscore_reference.py) on given inputs.
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <stdexcept>
#include <string>

#include <nlohmann/json.hpp>
#include <unistd.h>

namespace clue::metrics::bert::testing {

inline std::string Python() { return "/usr/bin/python3"; }
inline std::string Script(const std::string& name) {
  return std::string(CLUE_SOURCE_DIR) + "/scripts/" + name;
}

inline void Run(const std::string& cmd) {
  if (std::system(cmd.c_str()) != 0) throw std::runtime_error("command failed: " + cmd);
}

inline std::filesystem::path TempRootPath() {
  return std::filesystem::temp_directory_path() / ("clue_bert_test_" + std::to_string(::getpid()));
}

inline std::filesystem::path TempRoot() {
  const auto p = TempRootPath();
  std::filesystem::create_directories(p);
  return p;
}

// A model directory generated with the given extra arguments (cached per argument string).
inline std::string TinyModel(const std::string& name, const std::string& extra_args = "") {
  const auto dir = TempRoot() / name;
  if (!std::filesystem::exists(dir / "config.json") && !std::filesystem::exists(dir / "pytorch_model.bin"))
    Run(Python() + " " + Script("make_tiny_bert.py") + " --out " + dir.string() + " " + extra_args);
  return dir.string();
}

// Runs the NumPy reference on `input` (see the script's docstring) and returns its output.
inline nlohmann::json Reference(const std::string& model_dir, const nlohmann::json& input) {
  static int counter = 0;
  const auto in = TempRoot() / ("ref_in_" + std::to_string(counter) + ".json");
  const auto out = TempRoot() / ("ref_out_" + std::to_string(counter++) + ".json");
  std::ofstream(in) << input.dump();
  Run(Python() + " " + Script("bertscore_reference.py") + " --model " + model_dir + " --input " +
      in.string() + " --output " + out.string());
  std::ifstream f(out);
  return nlohmann::json::parse(f);
}

// Removes the generated files when the test program exits.
struct TempRootCleaner {
  ~TempRootCleaner() {
    std::error_code ec;
    std::filesystem::remove_all(TempRootPath(), ec);
  }
};
inline TempRootCleaner temp_root_cleaner;

}  // namespace clue::metrics::bert::testing
