#include "clue/metrics/registry.h"

#include <functional>
#include <map>
#include <stdexcept>

#include "clue/metrics/bertscore.h"
#include "clue/metrics/bleu.h"
#include "clue/metrics/choice_accuracy.h"
#include "clue/metrics/chrf.h"
#include "clue/metrics/entity_f1.h"
#include "clue/metrics/icd_match.h"
#include "clue/metrics/icd_valid.h"
#include "clue/metrics/label_once.h"
#include "clue/metrics/plugin_metric.h"
#include "clue/metrics/rouge.h"

namespace clue::metrics {

using Factory = std::function<MetricOrReason(const nlohmann::json&, const MetricContext&)>;

// Each metric's factory is declared in its own header; one line here registers it.
static const std::map<std::string, Factory>& Registry() {
  static const std::map<std::string, Factory> registry = {
      {"bertscore", &MakeBertScore},
      {"bleu", &MakeBleu},
      {"choice_accuracy", &MakeChoiceAccuracy},
      {"chrf", &MakeChrf},
      {"chrf++", &MakeChrfPlusPlus},
      {"entity_f1", &MakeEntityF1},
      {"icd_match", &MakeIcdMatch},
      {"icd_valid", &MakeIcdValid},
      {"label_once", &MakeLabelOnce},
      {"plugin", &MakePluginMetric},
      {"rouge", &MakeRouge},
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
