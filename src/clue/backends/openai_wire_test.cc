#include "clue/backends/openai_wire.h"

#include <gtest/gtest.h>

namespace clue::backends {
namespace {

using nlohmann::json;

GenerationRequest Req() {
  GenerationRequest r;
  r.messages = {{"system", "You are a doctor."}, {"user", "Is aspirin an NSAID?"}};
  r.max_tokens = 32;
  r.temperature = 0.0;
  r.seed = 42;
  r.stop = {"\n\n"};
  return r;
}

TEST(BuildRequestBody, ChatIsCanonicalAndComplete) {
  json b = BuildRequestBody(Req(), "m", Endpoint::kChat);
  EXPECT_EQ(b.dump(),
            R"({"max_tokens":32,"messages":[{"content":"You are a doctor.","role":"system"},)"
            R"({"content":"Is aspirin an NSAID?","role":"user"}],"model":"m","seed":42,)"
            R"("stop":["\n\n"],"temperature":0.0,"top_p":1.0})");
}

TEST(BuildRequestBody, ChatPrefixContinuesFinalAssistantMessage) {
  auto r = Req();
  r.assistant_prefix = "Question: ";
  json b = BuildRequestBody(r, "m", Endpoint::kChat);
  ASSERT_EQ(b["messages"].size(), 3u);
  EXPECT_EQ(b["messages"][2], json({{"role", "assistant"}, {"content", "Question: "}}));
  EXPECT_EQ(b["continue_final_message"], true);
  EXPECT_EQ(b["add_generation_prompt"], false);
}

TEST(BuildRequestBody, CompletionsAppendsPrefix) {
  auto r = Req();
  r.prompt = "Q: x\nA:";
  r.assistant_prefix = " The";
  json b = BuildRequestBody(r, "m", Endpoint::kCompletions);
  EXPECT_EQ(b["prompt"], "Q: x\nA: The");
  EXPECT_FALSE(b.contains("messages"));
  r.prompt.clear();
  r.assistant_prefix.clear();
  EXPECT_EQ(BuildRequestBody(r, "m", Endpoint::kCompletions)["prompt"],
            "You are a doctor.\n\nIs aspirin an NSAID?");
}

TEST(WireBody, StreamAddsFlagsOnlyOnTheWire) {
  json b = BuildRequestBody(Req(), "m", Endpoint::kChat);
  EXPECT_EQ(WireBody(b, false), b.dump());
  json s = json::parse(WireBody(b, true));
  EXPECT_EQ(s["stream"], true);
  EXPECT_EQ(s["stream_options"]["include_usage"], true);
}

TEST(ParseResponse, ChatWhole) {
  std::string err;
  auto p = ParseResponse(
      R"({"choices":[{"message":{"role":"assistant","content":"Yes."},"finish_reason":"stop"}],)"
      R"("usage":{"prompt_tokens":20,"completion_tokens":2},"system_fingerprint":"fp1"})",
      Endpoint::kChat, false, &err);
  ASSERT_TRUE(p) << err;
  EXPECT_EQ(p->text, "Yes.");
  EXPECT_EQ(p->finish_reason, "stop");
  EXPECT_EQ(p->prompt_tokens, 20);
  EXPECT_EQ(p->completion_tokens, 2);
  EXPECT_EQ(p->system_fingerprint, "fp1");
}

TEST(ParseResponse, NullContentFromContentFilterIsEmptyText) {
  std::string err;
  auto p = ParseResponse(R"({"choices":[{"message":{"content":null},"finish_reason":"content_filter"}]})",
                         Endpoint::kChat, false, &err);
  ASSERT_TRUE(p);
  EXPECT_EQ(p->text, "");
  EXPECT_EQ(p->finish_reason, "content_filter");
  EXPECT_EQ(p->prompt_tokens, -1);
}

TEST(ParseResponse, Completions) {
  std::string err;
  auto p = ParseResponse(R"({"choices":[{"text":" entailment","finish_reason":"length"}]})",
                         Endpoint::kCompletions, false, &err);
  ASSERT_TRUE(p);
  EXPECT_EQ(p->text, " entailment");
  EXPECT_EQ(p->finish_reason, "length");
}

TEST(ParseResponse, MalformedAndEmpty) {
  std::string err;
  EXPECT_FALSE(ParseResponse(R"({"choices":[{"mess)", Endpoint::kChat, false, &err));
  EXPECT_EQ(err, "malformed JSON in response");
  EXPECT_FALSE(ParseResponse(R"({"choices":[]})", Endpoint::kChat, false, &err));
  EXPECT_EQ(err, "response has no choices");
}

TEST(ParseResponse, StreamAccumulatesDeltas) {
  std::string body =
      "data: {\"choices\":[{\"delta\":{\"role\":\"assistant\"},\"finish_reason\":null}]}\n\n"
      "data: {\"choices\":[{\"delta\":{\"content\":\"The correct\"},\"finish_reason\":null}]}\r\n\r\n"
      ": keep-alive comment\n\n"
      "data: {\"choices\":[{\"delta\":{\"content\":\" answer is A\"},\"finish_reason\":\"stop\"}]}\n\n"
      "data: {\"choices\":[],\"usage\":{\"prompt_tokens\":9,\"completion_tokens\":5}}\n\n"
      "data: [DONE]\n\n";
  std::string err;
  auto p = ParseResponse(body, Endpoint::kChat, true, &err);
  ASSERT_TRUE(p) << err;
  EXPECT_EQ(p->text, "The correct answer is A");
  EXPECT_EQ(p->finish_reason, "stop");
  EXPECT_EQ(p->completion_tokens, 5);
}

TEST(ParseResponse, TruncatedStreamIsAnError) {
  std::string err;
  EXPECT_FALSE(ParseResponse("data: {\"choices\":[{\"delta\":{\"content\":\"The\"}}]}\n\n",
                             Endpoint::kChat, true, &err));
  EXPECT_EQ(err, "stream ended without [DONE]");
}

TEST(ErrorExcerpt, PrefersServerMessage) {
  EXPECT_EQ(ErrorExcerpt(R"({"error":{"message":"The model `x` does not exist.","code":404}})"),
            "The model `x` does not exist.");
  EXPECT_EQ(ErrorExcerpt("Bad\nGateway"), "Bad Gateway");
  EXPECT_EQ(ErrorExcerpt(std::string(300, 'x'), 10), "xxxxxxxxxx...");
}

}  // namespace
}  // namespace clue::backends
