#include "clue/backends/testserver/fault_plan.h"

#include <stdexcept>

#include "clue/backends/testserver/fake_model.h"

namespace clue::backends::testserver {
namespace {

const std::pair<Fault, const char*> kNames[] = {
    {Fault::kNone, "none"},       {Fault::kError500, "500"},  {Fault::kOverload503, "503"},
    {Fault::kRateLimit429, "429"}, {Fault::kDrop, "drop"},     {Fault::kMalformed, "malformed"},
    {Fault::kTruncated, "truncated"}, {Fault::kDelay, "delay"}};

uint64_t Mix(uint64_t x) {  // splitmix64 finaliser
  x += 0x9e3779b97f4a7c15ull;
  x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ull;
  x = (x ^ (x >> 27)) * 0x94d049bb133111ebull;
  return x ^ (x >> 31);
}

}  // namespace

std::optional<Fault> ParseFault(const std::string& name) {
  for (const auto& [f, n] : kNames)
    if (name == n) return f;
  return std::nullopt;
}

std::string FaultName(Fault f) {
  for (const auto& [g, n] : kNames)
    if (f == g) return n;
  return "none";
}

FaultConfig FaultConfigFromJson(const nlohmann::json& j) {
  FaultConfig c;
  c.rate = j.value("rate", 0.0);
  if (c.rate < 0 || c.rate > 1) throw std::invalid_argument("fault rate must be in [0, 1]");
  if (j.contains("kinds")) {
    c.kinds.clear();
    for (const auto& k : j["kinds"]) {
      auto f = ParseFault(k.get<std::string>());
      if (!f) throw std::invalid_argument("unknown fault kind '" + k.get<std::string>() + "'");
      c.kinds.push_back(*f);
    }
    if (c.kinds.empty()) throw std::invalid_argument("fault kinds must not be empty");
  }
  c.first_attempts = j.value("first_attempts", 0);
  c.retry_after_s = j.value("retry_after_s", 1.0);
  c.delay_s = j.value("delay_s", 0.2);
  c.seed = j.value("seed", uint64_t{0});
  return c;
}

nlohmann::json FaultConfigToJson(const FaultConfig& c) {
  nlohmann::json kinds = nlohmann::json::array();
  for (Fault f : c.kinds) kinds.push_back(FaultName(f));
  return {{"rate", c.rate}, {"kinds", kinds}, {"first_attempts", c.first_attempts},
          {"retry_after_s", c.retry_after_s}, {"delay_s", c.delay_s}, {"seed", c.seed}};
}

Fault Decide(const FaultConfig& c, const std::string& body, int attempt) {
  uint64_t h = Mix(Fnv1a(body) ^ Mix(c.seed) ^ Mix(0x1000 + static_cast<uint64_t>(attempt)));
  bool fail = attempt < c.first_attempts ||
              static_cast<double>(h >> 11) * 0x1.0p-53 < c.rate;
  if (!fail || c.kinds.empty()) return Fault::kNone;
  return c.kinds[Mix(h) % c.kinds.size()];
}

}  // namespace clue::backends::testserver
