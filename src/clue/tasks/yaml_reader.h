#pragma once
// Strict, typed access to a YAML document: every unknown key and every wrong type becomes a
// data::InputError naming the file, the line and the dotted key path.
#include <initializer_list>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>
#include <yaml-cpp/yaml.h>

namespace clue::tasks {

class YamlReader {
 public:
  explicit YamlReader(std::string file) : file_(std::move(file)) {}

  // Parses a file; syntax errors carry yaml-cpp's line.
  YAML::Node LoadFile() const;

  [[noreturn]] void Fail(const YAML::Node& at, const std::string& path,
                         const std::string& problem) const;

  void RequireMap(const YAML::Node& node, const std::string& path) const;
  // Fails on the first key of `node` not in `allowed`.
  void CheckKeys(const YAML::Node& node, const std::string& path,
                 std::initializer_list<const char*> allowed) const;

  std::string String(const YAML::Node& node, const std::string& path) const;
  long long Int(const YAML::Node& node, const std::string& path) const;
  double Double(const YAML::Node& node, const std::string& path) const;
  bool Bool(const YAML::Node& node, const std::string& path) const;
  std::vector<std::string> StringList(const YAML::Node& node, const std::string& path) const;

  // Converts a YAML value to JSON (scalars: bool, integer, float, else string).
  nlohmann::json ToJson(const YAML::Node& node) const;

  const std::string& file() const { return file_; }

 private:
  std::string file_;
};

inline std::string JoinPath(const std::string& parent, const std::string& key) {
  return parent.empty() ? key : parent + "." + key;
}

// Deep-merges `overlay` into a copy of `base`: maps merge key by key, anything else replaces.
YAML::Node MergeYaml(const YAML::Node& base, const YAML::Node& overlay);

}  // namespace clue::tasks
