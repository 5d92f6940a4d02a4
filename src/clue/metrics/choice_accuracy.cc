#include "clue/metrics/choice_accuracy.h"

#include <stdexcept>

namespace clue::metrics {
namespace {

class ChoiceAccuracy : public Metric {
 public:
  const std::vector<ValueSpec>& values() const override {
    static const std::vector<ValueSpec> v = {{"ACCURACY", 100.0}};
    return v;
  }

  void Score(const MetricInput& in, double* stats) const override {
    if (in.gold == nullptr || !in.gold->is_string())
      throw std::invalid_argument("choice_accuracy: gold answer must be a string");
    stats[0] = 0.0;
    if (in.answer == nullptr || in.answer->is_null()) return;
    if (!in.answer->is_string())
      throw std::invalid_argument("choice_accuracy: parsed answer must be a string or null");
    stats[0] = *in.answer == *in.gold ? 1.0 : 0.0;
  }

};

}  // namespace

MetricOrReason MakeChoiceAccuracy(const nlohmann::json& options, const MetricContext&) {
  if (!options.is_null() && !options.empty())
    throw std::invalid_argument("choice_accuracy takes no options");
  return std::make_unique<ChoiceAccuracy>();
}

}  // namespace clue::metrics
