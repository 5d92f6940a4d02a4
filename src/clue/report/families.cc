#include "clue/report/families.h"

#include <filesystem>

#include <yaml-cpp/yaml.h>

#include "clue/data/input_error.h"

namespace clue::report {

namespace fs = std::filesystem;
using data::InputError;

std::vector<FamilySpec> LoadFamilies(const std::string& path) {
  YAML::Node root;
  try {
    root = YAML::LoadFile(path);
  } catch (const YAML::BadFile&) {
    throw InputError(path, 0, "", "cannot open file");
  } catch (const YAML::Exception& e) {
    throw InputError(path, e.mark.line + 1, "", e.msg);
  }
  const auto list = root["families"];
  if (!list || !list.IsSequence() || list.size() == 0)
    throw InputError(path, root.Mark().line + 1, "families", "expected a non-empty list of {biomedical, base}");
  std::vector<FamilySpec> out;
  for (size_t i = 0; i < list.size(); ++i) {
    const auto item = list[i];
    const int line = item.Mark().line + 1;
    const std::string where = "families[" + std::to_string(i) + "]";
    if (!item.IsMap()) throw InputError(path, line, where, "expected {biomedical: DIR, base: DIR}");
    FamilySpec f;
    f.line = line;
    for (const char* key : {"biomedical", "base"}) {
      const auto node = item[key];
      if (!node || !node.IsScalar() || node.Scalar().empty())
        throw InputError(path, line, where + "." + key, "missing run directory");
      fs::path dir = node.Scalar();
      if (dir.is_relative() && !fs::exists(dir)) dir = fs::path(path).parent_path() / dir;
      if (!fs::exists(dir / "results.json"))
        throw InputError(path, node.Mark().line + 1, where + "." + key,
                         "no results.json in '" + node.Scalar() + "'");
      (std::string(key) == "base" ? f.base : f.biomedical) = dir.string();
    }
    out.push_back(f);
  }
  return out;
}

}  // namespace clue::report
