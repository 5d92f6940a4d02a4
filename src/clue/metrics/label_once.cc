#include "clue/metrics/label_once.h"

#include <stdexcept>
#include <string>

namespace clue::metrics {
namespace {

std::string UpperAscii(std::string_view s) {
  std::string out(s);
  for (char& c : out)
    if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
  return out;
}

class LabelOnce : public Metric {
 public:
  const std::vector<ValueSpec>& values() const override {
    static const std::vector<ValueSpec> v = {{"ACCURACY", 100.0}};
    return v;
  }

  void Score(const MetricInput& in, double* stats) const override {
    if (in.gold == nullptr || !in.gold->is_string())
      throw std::invalid_argument("label_once: gold label must be a string");
    const std::string& label = in.gold->get_ref<const std::string&>();
    stats[0] = CountOccurrencesIgnoreCase(in.prediction, label) == 1 ? 1.0 : 0.0;
  }

};

}  // namespace

size_t CountOccurrencesIgnoreCase(std::string_view haystack, std::string_view needle) {
  // re.findall('' , s) would return len(s)+1 empty matches; an empty label is a data error.
  if (needle.empty()) throw std::invalid_argument("label_once: empty gold label");
  const std::string h = UpperAscii(haystack), n = UpperAscii(needle);
  size_t count = 0;
  for (size_t pos = h.find(n); pos != std::string::npos; pos = h.find(n, pos + n.size())) ++count;
  return count;
}

MetricOrReason MakeLabelOnce(const nlohmann::json& options, const MetricContext&) {
  if (!options.is_null() && !options.empty())
    throw std::invalid_argument("label_once takes no options");
  return std::make_unique<LabelOnce>();
}

}  // namespace clue::metrics
