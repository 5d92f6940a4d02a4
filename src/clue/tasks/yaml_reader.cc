#include "clue/tasks/yaml_reader.h"

#include <cmath>

#include "clue/data/input_error.h"

namespace clue::tasks {
namespace {

int LineOf(const YAML::Node& node) {
  const YAML::Mark mark = node.Mark();
  return mark.line >= 0 ? mark.line + 1 : 0;
}

std::string TypeName(const YAML::Node& node) {
  switch (node.Type()) {
    case YAML::NodeType::Map: return "a mapping";
    case YAML::NodeType::Sequence: return "a list";
    case YAML::NodeType::Null: return "nothing";
    case YAML::NodeType::Scalar: return "'" + node.Scalar() + "'";
    default: return "an undefined value";
  }
}

}  // namespace

YAML::Node YamlReader::LoadFile() const {
  try {
    return YAML::LoadFile(file_);
  } catch (const YAML::BadFile&) {
    throw data::InputError(file_, 0, "", "cannot open file");
  } catch (const YAML::Exception& e) {
    throw data::InputError(file_, e.mark.line + 1, "", "invalid YAML: " + e.msg);
  }
}

void YamlReader::Fail(const YAML::Node& at, const std::string& path,
                      const std::string& problem) const {
  throw data::InputError(file_, LineOf(at), path, problem);
}

void YamlReader::RequireMap(const YAML::Node& node, const std::string& path) const {
  if (!node.IsMap()) Fail(node, path, "expected a mapping, got " + TypeName(node));
}

void YamlReader::CheckKeys(const YAML::Node& node, const std::string& path,
                           std::initializer_list<const char*> allowed) const {
  RequireMap(node, path);
  for (const auto& kv : node) {
    const std::string key = kv.first.as<std::string>();
    bool known = false;
    std::string list;
    for (const char* a : allowed) {
      known = known || key == a;
      list += list.empty() ? a : std::string(", ") + a;
    }
    if (!known) Fail(kv.first, JoinPath(path, key), "unknown key (expected one of: " + list + ")");
  }
}

std::string YamlReader::String(const YAML::Node& node, const std::string& path) const {
  if (!node.IsScalar()) Fail(node, path, "expected a string, got " + TypeName(node));
  return node.Scalar();
}

long long YamlReader::Int(const YAML::Node& node, const std::string& path) const {
  long long v = 0;
  if (!node.IsScalar() || !YAML::convert<long long>::decode(node, v))
    Fail(node, path, "expected an integer, got " + TypeName(node));
  return v;
}

double YamlReader::Double(const YAML::Node& node, const std::string& path) const {
  double v = 0;
  if (!node.IsScalar() || !YAML::convert<double>::decode(node, v) || !std::isfinite(v))
    Fail(node, path, "expected a number, got " + TypeName(node));
  return v;
}

bool YamlReader::Bool(const YAML::Node& node, const std::string& path) const {
  bool v = false;
  if (!node.IsScalar() || !YAML::convert<bool>::decode(node, v))
    Fail(node, path, "expected true or false, got " + TypeName(node));
  return v;
}

std::vector<std::string> YamlReader::StringList(const YAML::Node& node,
                                                const std::string& path) const {
  if (!node.IsSequence()) Fail(node, path, "expected a list of strings, got " + TypeName(node));
  std::vector<std::string> out;
  for (size_t i = 0; i < node.size(); ++i)
    out.push_back(String(node[i], path + "[" + std::to_string(i) + "]"));
  return out;
}

nlohmann::json YamlReader::ToJson(const YAML::Node& node) const {
  switch (node.Type()) {
    case YAML::NodeType::Map: {
      nlohmann::json out = nlohmann::json::object();
      for (const auto& kv : node) out[kv.first.as<std::string>()] = ToJson(kv.second);
      return out;
    }
    case YAML::NodeType::Sequence: {
      nlohmann::json out = nlohmann::json::array();
      for (const auto& item : node) out.push_back(ToJson(item));
      return out;
    }
    case YAML::NodeType::Scalar: {
      // Quoted scalars stay strings ("1" is a string, 1 a number).
      if (node.Tag() == "!") return node.Scalar();
      long long i;
      double d;
      bool b;
      if (YAML::convert<long long>::decode(node, i)) return i;
      if (YAML::convert<double>::decode(node, d)) return d;
      if (YAML::convert<bool>::decode(node, b)) return b;
      return node.Scalar();
    }
    default:
      return nullptr;
  }
}

YAML::Node MergeYaml(const YAML::Node& base, const YAML::Node& overlay) {
  if (!base.IsMap() || !overlay.IsMap()) return overlay;
  YAML::Node out(YAML::NodeType::Map);
  for (const auto& kv : base) out[kv.first.Scalar()] = kv.second;
  for (const auto& kv : overlay) {
    const std::string key = kv.first.Scalar();
    out[key] = base[key] ? MergeYaml(base[key], kv.second) : kv.second;
  }
  return out;
}

}  // namespace clue::tasks
