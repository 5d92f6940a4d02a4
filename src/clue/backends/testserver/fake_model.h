#pragma once
// The test server's "model": deterministic answers derived from the request, so a test can
// predict them and a resumed run must reproduce them exactly.
//  - prompts listing options "A: ...".."E: ..." (LongHealth style) get
//    "The correct answer is X: <option text>", X chosen by a hash of the request;
//  - prompts naming entailment/contradiction/neutral (MedNLI style) get one of those words;
//  - anything else gets the first sentence of the last message (a "summary");
//  - the markers [[refuse]] and [[filter]] give a refusal or a content-filtered answer.
// Output longer than max_tokens is cut there with finish_reason "length".
#include <map>
#include <mutex>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace clue::backends::testserver {

// The request without transport-only fields (stream, stream_options), dumped canonically; the
// server's unit for counting duplicates and for deriving answers.
std::string CanonicalBody(const nlohmann::json& request);
uint64_t Fnv1a(const std::string& s);

// Whitespace-led word pieces: "a  b" -> {"a", "  b"}; joining them restores the text.
std::vector<std::string> SplitPieces(const std::string& text);

struct FakeCompletion {
  std::string text;
  std::string finish_reason;
  int prompt_tokens = 0;
  int completion_tokens = 0;
};

// chat: request has "messages"; otherwise "prompt".
FakeCompletion Answer(const nlohmann::json& request, bool chat);

// A growing vocabulary of pieces, shared by /tokenize and /detokenize.
class Vocabulary {
 public:
  std::vector<int> Encode(const std::string& text);
  // Unknown ids decode to nothing.
  std::string Decode(const std::vector<int>& ids);

 private:
  std::mutex mu_;
  std::map<std::string, int> ids_;
  std::vector<std::string> pieces_;
};

}  // namespace clue::backends::testserver
