#include <gtest/gtest.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>

#include <boost/json/parse.hpp>
#include <wick/token.hpp>

#include "auth/etf.hpp"
#include "base64.hpp"

namespace wick {
namespace {

using namespace std::chrono;

const std::string secret(64, ' ');
std::string vector_secret() {
  std::string s;
  for (int i = 0; i < 8; ++i) s += "abcdefgh";
  return s;
}
const system_clock::time_point vector_time{seconds(1'700'000'000)};
const TokenVerifyOptions forever{.max_age = Token::no_expiry};

// The vectors of phoenix-protocol.md §12.1, computed with plug_crypto's code.
TEST(Token, SignsExactlyAsPhoenixToken) {
  Token tokens(vector_secret(), "user socket");
  TokenSignOptions at{.signed_at = vector_time};
  EXPECT_EQ(tokens.sign(123, at),
            "SFMyNTY.g2gDYXtuBgAAaOXPiwFiAAFRgA.akT1JTkGLCIVyucXt11A2ibVOfv3uY5Feo-IMasUnyg");
  EXPECT_EQ(tokens.sign("user:42", at),
            "SFMyNTY.g2gDbQAAAAd1c2VyOjQybgYAAGjlz4sBYgABUYA."
            "WmSMerRggmj2qSPGLa6lPsfc52fbn49MjIm13KtAchE");
  EXPECT_EQ(tokens.sign(json::object{{"user_id", 7}}, at),
            "SFMyNTY.g2gDdAAAAAFtAAAAB3VzZXJfaWRhB24GAABo5c-LAWIAAVGA."
            "EFMa_ihZGXQTOn7Z1R_inqCS1tTzCSKxIi5-1XL8Asw");
}

TEST(Token, VerifiesPhoenixTokens) {
  Token tokens(vector_secret(), "user socket");
  auto check = tokens.verify(
      "SFMyNTY.g2gDdAAAAAFtAAAAB3VzZXJfaWRhB24GAABo5c-LAWIAAVGA."
      "EFMa_ihZGXQTOn7Z1R_inqCS1tTzCSKxIi5-1XL8Asw",
      forever);
  ASSERT_TRUE(check);
  EXPECT_EQ(check.data, (json::value{{"user_id", 7}}));
  // By the token's own max age (one day) it expired long ago.
  EXPECT_EQ(tokens
                .verify("SFMyNTY.g2gDYXtuBgAAaOXPiwFiAAFRgA."
                        "akT1JTkGLCIVyucXt11A2ibVOfv3uY5Feo-IMasUnyg")
                .status,
            TokenStatus::expired);
}

TEST(Token, RoundTripsJsonData) {
  Token tokens(secret, "salt");
  for (const char* text : {R"(42)", R"(-7)", R"(4294967296)", R"(-4294967296)", R"("héllo")",
                           R"(true)", R"(null)", R"(1.5)", R"([])", R"([1,"two",[3]])",
                           R"({"user_id":9,"roles":["admin"],"nested":{"a":false}})"}) {
    json::value data = json::parse(text);
    auto check = tokens.verify(tokens.sign(data));
    ASSERT_TRUE(check) << text;
    EXPECT_EQ(check.data, data) << text;
  }
}

// Regression (found by fuzz_token): data nested to the decoder's limit signed into a token
// that verify refused, because the claims tuple adds a level.
TEST(Token, DataAtTheNestingLimitRoundTripsAndDeeperIsRefused) {
  Token tokens(secret, "salt");
  auto nested = [](int levels) {
    json::value value = 1;
    for (int i = 0; i < levels; ++i) value = json::object{{"", std::move(value)}};
    return value;
  };
  json::value deepest = nested(detail::etf::max_nesting);
  auto check = tokens.verify(tokens.sign(deepest));
  ASSERT_TRUE(check);
  EXPECT_EQ(check.data, deepest);
  EXPECT_THROW(tokens.sign(nested(detail::etf::max_nesting + 1)), std::invalid_argument);
}

TEST(Token, MissingGarbageForgedAndForeignSalt) {
  Token tokens(secret, "salt");
  std::string token = tokens.sign(1);
  EXPECT_EQ(tokens.verify("").status, TokenStatus::missing);
  EXPECT_EQ(tokens.verify("garbage").status, TokenStatus::invalid);
  EXPECT_EQ(tokens.verify("a.b.c").status, TokenStatus::invalid);
  EXPECT_EQ(Token(secret, "other salt").verify(token).status, TokenStatus::invalid);
  EXPECT_EQ(Token(secret + "x", "salt").verify(token).status, TokenStatus::invalid);
  // Another payload under the same signature: the HMAC no longer matches.
  std::string other = tokens.sign(2);
  std::string swapped = other.substr(0, other.rfind('.')) + token.substr(token.rfind('.'));
  EXPECT_EQ(tokens.verify(swapped).status, TokenStatus::invalid);
  // Flip one bit of the signature.
  std::string flipped = token;
  char& middle = flipped[token.rfind('.') + 10];
  middle = middle == 'A' ? 'B' : 'A';
  EXPECT_EQ(tokens.verify(flipped).status, TokenStatus::invalid);
  // Set an unused trailing bit of the signature's last character: the same bytes, another text.
  // (Regression: base64 ignored those bits, so one token in 64 could be altered this way.)
  static constexpr std::string_view alphabet =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
  std::string padded = token;
  padded.back() = alphabet[alphabet.find(token.back()) + 1];
  EXPECT_EQ(tokens.verify(padded).status, TokenStatus::invalid);
}

TEST(Token, MaxAgeRules) {
  Token tokens(secret, "salt");
  auto now = system_clock::now();
  std::string token = tokens.sign(1, {.signed_at = now});
  auto verify = [&](milliseconds max_age) {
    return tokens.verify(token, {.max_age = max_age, .now = now + milliseconds(50)}).status;
  };
  EXPECT_EQ(verify(seconds(1000)), TokenStatus::ok);
  EXPECT_EQ(verify(milliseconds(100)), TokenStatus::ok);
  EXPECT_EQ(verify(milliseconds(10)), TokenStatus::expired);
  EXPECT_EQ(verify(milliseconds(0)), TokenStatus::expired);
  EXPECT_EQ(verify(seconds(-1000)), TokenStatus::expired);
  EXPECT_EQ(verify(Token::no_expiry), TokenStatus::ok);

  std::string day_old = tokens.sign(1, {.signed_at = now - hours(24)});
  EXPECT_EQ(tokens.verify(day_old, {.max_age = hours(24) + seconds(1)}).status, TokenStatus::ok);
  EXPECT_EQ(tokens.verify(day_old, {.max_age = hours(24) - seconds(1)}).status,
            TokenStatus::expired);
  // The max age stored at signing applies when verify gives none.
  std::string short_lived = tokens.sign(1, {.signed_at = now - seconds(10), .max_age = seconds(5)});
  EXPECT_EQ(tokens.verify(short_lived).status, TokenStatus::expired);
  // Signed in the future: invalid, not merely young.
  std::string future = tokens.sign(1, {.signed_at = now + hours(1)});
  EXPECT_EQ(tokens.verify(future).status, TokenStatus::invalid);
}

TEST(Token, KeyOptionsChangeTheToken) {
  TokenSignOptions at{.signed_at = vector_time};
  std::string base = Token(secret, "salt").sign(1, at);
  EXPECT_NE(Token(secret, "salt", {.iterations = 1001}).sign(1, at), base);
  EXPECT_NE(Token(secret, "salt", {.digest = TokenKeyOptions::Digest::sha512}).sign(1, at), base);
  EXPECT_EQ(Token(secret, "salt", {.iterations = 1000, .length = 32}).sign(1, at), base);
}

// Signs an arbitrary ETF payload the way Plug.Crypto does, independently of Token.
std::string plug_sign(const std::string& secret_key_base, const std::string& salt,
                      const std::string& payload) {
  unsigned char key[32];
  PKCS5_PBKDF2_HMAC(secret_key_base.data(), static_cast<int>(secret_key_base.size()),
                    reinterpret_cast<const unsigned char*>(salt.data()),
                    static_cast<int>(salt.size()), 1000, EVP_sha256(), 32, key);
  std::string signed_part = "SFMyNTY." + detail::base64url_encode(payload);
  unsigned char mac[32];
  unsigned int length = 0;
  HMAC(EVP_sha256(), key, 32, reinterpret_cast<const unsigned char*>(signed_part.data()),
       signed_part.size(), mac, &length);
  return signed_part + "." +
         detail::base64url_encode(std::string(reinterpret_cast<char*>(mac), length));
}

// Tokens minted by older Phoenix versions: {data, signed_at} and %{data: ..., signed: ...}.
TEST(Token, AcceptsOlderPayloadShapes) {
  Token tokens(secret, "salt");
  std::string now_ms;
  detail::etf::encode_integer(
      duration_cast<milliseconds>(system_clock::now().time_since_epoch()).count(), now_ms);
  std::string two_tuple = std::string("\x83\x68\x02\x61\x05", 5) + now_ms;
  auto check = tokens.verify(plug_sign(secret, "salt", two_tuple));
  ASSERT_TRUE(check);
  EXPECT_EQ(check.data, json::value(5));

  std::string map = std::string("\x83\x74\x00\x00\x00\x02", 6) + "\x77\x04" + "data" +
                    std::string("\x61\x06", 2) + "\x77\x06" + "signed" + now_ms;
  check = tokens.verify(plug_sign(secret, "salt", map));
  ASSERT_TRUE(check);
  EXPECT_EQ(check.data, json::value(6));

  std::string atom_keys_only =
      std::string("\x83\x74\x00\x00\x00\x01", 6) + "\x77\x04" + "data" + std::string("\x61\x06", 2);
  EXPECT_EQ(tokens.verify(plug_sign(secret, "salt", atom_keys_only)).status, TokenStatus::invalid);
}

TEST(Etf, RejectsMalformedAndUnsupportedTerms) {
  using detail::etf::decode;
  EXPECT_FALSE(decode(""));
  EXPECT_FALSE(decode(std::string("\x83", 1)));
  EXPECT_FALSE(decode(std::string("\x84\x61\x01", 3)));      // wrong version
  EXPECT_FALSE(decode(std::string("\x83\x61\x01\x00", 4)));  // trailing byte
  EXPECT_FALSE(
      decode(std::string("\x83\x6d\x00\x00\x00\x09"
                         "ab",
                         8)));                       // binary too short
  EXPECT_FALSE(decode(std::string("\x83\x67", 2)));  // a pid: not in the subset
  EXPECT_FALSE(decode(std::string("\x83\x6c\x00\x00\x00\x01\x61\x01\x61\x02", 10)));  // improper
  EXPECT_FALSE(decode(std::string("\x83\x6c\xff\xff\xff\xff", 6)));  // absurd length
  EXPECT_FALSE(decode(std::string("\x83\x74\x00\x00\x00\x01\x61\x01\x61\x02", 10)));  // int key
  std::string deep(1, '\x83');
  for (int i = 0; i < 100; ++i) deep += std::string("\x6c\x00\x00\x00\x01", 5);
  EXPECT_FALSE(decode(deep));  // nesting beyond the bound, and unterminated
  EXPECT_EQ(*decode(std::string("\x83\x77\x04true", 7)), json::value(true));
  EXPECT_EQ(*decode(std::string("\x83\x64\x00\x03nil", 7)), json::value(nullptr));
  EXPECT_EQ(*decode(std::string("\x83\x6b\x00\x02\x01\x02", 6)), (json::value{1, 2}));
}

}  // namespace
}  // namespace wick
