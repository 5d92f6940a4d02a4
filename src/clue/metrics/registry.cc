#include "clue/metrics/registry.h"

#include <functional>
#include <map>
#include <stdexcept>

#include "clue/metrics/choice_accuracy.h"
#include "clue/metrics/icd_match.h"
#include "clue/metrics/icd_valid.h"
#include "clue/metrics/label_once.h"

namespace clue::metrics {

using Factory = std::function<MetricOrReason(const nlohmann::json&, const MetricContext&)>;

// Each metric's factory is declared in its own header; one line here registers it.
// Placeholder for a metric whose implementation has not landed in this build.
static MetricOrReason Pending(const nlohmann::json&, const MetricContext&) {
  return NotComputed{"not available in this build"};
}

static const std::map<std::string, Factory>& Registry() {
  static const std::map<std::string, Factory> registry = {
      // {"name", &MakeSomething},
      {"choice_accuracy", &MakeChoiceAccuracy},
      {"icd_match", &MakeIcdMatch},
      {"icd_valid", &MakeIcdValid},
      {"label_once", &MakeLabelOnce},
      {"rouge", &Pending},
      {"bertscore", &Pending},
      {"entity_f1", &Pending},
  };
  return registry;
}

MetricOrReason CreateMetric(const std::string& name, const nlohmann::json& options,
                            const MetricContext& ctx) {
  const auto& reg = Registry();
  auto it = reg.find(name);
  if (it == reg.end()) throw std::invalid_argument("unknown metric '" + name + "'");
  return it->second(options, ctx);
}

std::vector<std::string> MetricNames() {
  std::vector<std::string> names;
  for (const auto& [name, _] : Registry()) names.push_back(name);
  return names;
}

}  // namespace clue::metrics
