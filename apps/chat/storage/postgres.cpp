#include "storage/postgres.hpp"

#include <charconv>

namespace chat::postgres {

std::string Result::text(int row, int column) const {
  return std::string(PQgetvalue(result_, row, column),
                     static_cast<std::size_t>(PQgetlength(result_, row, column)));
}

std::int64_t Result::int64(int row, int column) const {
  const char* text = PQgetvalue(result_, row, column);
  const char* end = text + PQgetlength(result_, row, column);
  std::int64_t value = 0;
  auto [stop, error] = std::from_chars(text, end, value);
  if (error != std::errc() || stop != end) {
    throw Error("column " + std::to_string(column) + " is not an integer: " + std::string(text));
  }
  return value;
}

bool Result::boolean(int row, int column) const {
  return PQgetvalue(result_, row, column)[0] == 't';
}

std::int64_t Result::affected() const {
  const char* count = PQcmdTuples(result_);
  return *count ? std::stoll(count) : 0;
}

Connection::Connection(const std::string& url) : connection_(PQconnectdb(url.c_str())) {
  if (broken()) {
    std::string message = connection_ ? PQerrorMessage(connection_) : "out of memory";
    PQfinish(connection_);
    throw Error("cannot connect to PostgreSQL: " + message);
  }
  // Notices (such as "there is no transaction in progress") are not the server's output.
  PQsetNoticeProcessor(
      connection_, [](void*, const char*) {}, nullptr);
}

Connection::~Connection() { PQfinish(connection_); }

Result Connection::check(PGresult* result, std::string_view context) const {
  Result owned(result);
  ExecStatusType status = PQresultStatus(result);
  if (status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK) {
    const char* message = result ? PQresultErrorMessage(result) : PQerrorMessage(connection_);
    throw Error(std::string(context) + ": " + message);
  }
  return owned;
}

void Connection::exec(std::string_view sql) {
  check(PQexec(connection_, std::string(sql).c_str()), "exec");
}

void Connection::prepare(std::string name, std::string sql) {
  check(PQprepare(connection_, name.c_str(), sql.c_str(), 0, nullptr), "prepare " + name);
  prepared_.emplace_back(std::move(name), std::move(sql));
}

Result Connection::run(const std::string& name, std::initializer_list<Param> params) {
  std::vector<const char*> values;
  values.reserve(params.size());
  for (const Param& param : params) values.push_back(param.text().c_str());
  return check(PQexecPrepared(connection_, name.c_str(), static_cast<int>(values.size()),
                              values.data(), nullptr, nullptr, 0),
               name);
}

void Connection::reconnect() {
  PQreset(connection_);
  if (broken())
    throw Error(std::string("cannot reconnect to PostgreSQL: ") + PQerrorMessage(connection_));
  for (const auto& [name, sql] : prepared_) {
    check(PQprepare(connection_, name.c_str(), sql.c_str(), 0, nullptr), "prepare " + name);
  }
}

namespace {

template <typename Items, typename Write>
std::string literal(const Items& items, Write write) {
  std::string text = "{";
  for (const auto& item : items) {
    if (text.size() > 1) text += ',';
    write(text, item);
  }
  return text + "}";
}

}  // namespace

std::string array_literal(const std::vector<std::string>& items) {
  return literal(items, [](std::string& text, const std::string& item) {
    text += '"';
    text += item;
    text += '"';
  });
}

std::string array_literal(const std::vector<std::int64_t>& items) {
  return literal(items, [](std::string& text, std::int64_t item) { text += std::to_string(item); });
}

}  // namespace chat::postgres
