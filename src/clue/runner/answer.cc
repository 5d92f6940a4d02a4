#include "clue/runner/answer.h"

#include <memory>
#include <vector>

#include <re2/re2.h>

#include "clue/data/input_error.h"

namespace clue::runner {

struct AnswerParser::Impl {
  bool strip = true;
  std::vector<std::unique_ptr<RE2>> remove;
  std::unique_ptr<RE2> parse;
  int parse_group = 1;
  std::vector<std::unique_ptr<RE2>> refusal;
};

namespace {

std::unique_ptr<RE2> Compile(const std::string& pattern, const tasks::TaskSpec& task,
                             const std::string& field, bool case_insensitive) {
  RE2::Options opts;
  opts.set_log_errors(false);
  opts.set_case_sensitive(!case_insensitive);
  auto re = std::make_unique<RE2>(pattern, opts);
  if (!re->ok())
    throw data::InputError(task.file, 0, field, "invalid regular expression: " + re->error());
  return re;
}

std::string Strip(const std::string& s) {
  const char* ws = " \t\n\r\f\v";
  const size_t b = s.find_first_not_of(ws);
  if (b == std::string::npos) return "";
  return s.substr(b, s.find_last_not_of(ws) - b + 1);
}

}  // namespace

AnswerParser::AnswerParser(const tasks::TaskSpec& task) : impl_(new Impl) {
  impl_->strip = task.strip;
  for (const auto& p : task.remove_patterns)
    impl_->remove.push_back(Compile(p, task, "postprocess.remove", false));
  if (!task.parse_regex.empty()) {
    impl_->parse = Compile(task.parse_regex, task, "parse.regex", false);
    impl_->parse_group = task.parse_group;
    if (task.parse_group < 0 || task.parse_group > impl_->parse->NumberOfCapturingGroups())
      throw data::InputError(task.file, 0, "parse.group", "the regex has no such group");
  }
  for (const auto& p : task.refusal_patterns)
    impl_->refusal.push_back(Compile(p, task, "postprocess.refusal", true));
}

AnswerParser::~AnswerParser() { delete impl_; }

std::string AnswerParser::PostProcess(const std::string& raw) const {
  std::string text = raw;
  // Patterns are removed as Python's re.sub does: every non-overlapping match. "." does not
  // cross newlines, so ".*" removes to the end of the line, as CLUE's cleanup intends.
  for (const auto& re : impl_->remove) RE2::GlobalReplace(&text, *re, "");
  return impl_->strip ? Strip(text) : text;
}

Answer AnswerParser::Parse(const backends::GenerationResult& r) const {
  Answer a;
  if (!r.ok) {
    a.status = Status::kError;
    a.error = r.error.empty() ? "generation failed" : r.error;
    return a;
  }
  a.prediction = PostProcess(r.text);
  if (r.finish_reason == "content_filter") {
    a.status = Status::kFiltered;
    a.error = "the provider's content filter removed the answer";
    return a;
  }
  if (impl_->parse) {
    std::vector<re2::StringPiece> groups(impl_->parse->NumberOfCapturingGroups() + 1);
    // Like re.findall(...)[0]: the leftmost match anywhere in the text.
    if (impl_->parse->Match(a.prediction, 0, a.prediction.size(), RE2::UNANCHORED, groups.data(),
                            static_cast<int>(groups.size())))
      a.parsed = std::string(groups[impl_->parse_group]);
  } else {
    a.parsed = a.prediction;
  }
  bool refused = false;
  for (const auto& re : impl_->refusal) refused = refused || RE2::PartialMatch(a.prediction, *re);
  if (r.finish_reason == "length") a.status = Status::kTruncated;
  else if (refused) a.status = Status::kRefused;
  else if (a.parsed.is_null()) a.status = Status::kUnparseable;
  return a;
}

}  // namespace clue::runner
