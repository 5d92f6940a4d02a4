#pragma once
// Which faults the test server injects. Decisions are deterministic in (seed, request body,
// attempt number), so a test run is reproducible even with many requests in flight.
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace clue::backends::testserver {

enum class Fault {
  kNone,
  kError500,    // 500 with a JSON error
  kOverload503, // 503 with Retry-After
  kRateLimit429,// 429 with Retry-After
  kDrop,        // connection closed before the body is complete
  kMalformed,   // 200 with a body that is not JSON
  kTruncated,   // 200 stream without its end (non-stream: JSON cut short)
  kDelay,       // a normal answer after delay_s
};

std::optional<Fault> ParseFault(const std::string& name);  // "500", "503", "429", "drop", ...
std::string FaultName(Fault f);

struct FaultConfig {
  double rate = 0;                       // share of attempts that fail
  std::vector<Fault> kinds = {Fault::kError500};
  int first_attempts = 0;                // additionally, the first N attempts of every body fail
  double retry_after_s = 1;
  double delay_s = 0.2;
  uint64_t seed = 0;
};

FaultConfig FaultConfigFromJson(const nlohmann::json& j);  // throws std::invalid_argument
nlohmann::json FaultConfigToJson(const FaultConfig& c);

// attempt counts from 0 for the first time a body is seen.
Fault Decide(const FaultConfig& c, const std::string& canonical_body, int attempt);

}  // namespace clue::backends::testserver
