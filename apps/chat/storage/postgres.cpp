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
  std::string text;
  for (const std::string& command : deferred_) text += command + ";";
  deferred_.clear();
  text += sql;
  check(PQexec(connection_, text.c_str()), "exec");
}

void Connection::prepare(std::string name, std::string sql) {
  check(PQprepare(connection_, name.c_str(), sql.c_str(), 0, nullptr), "prepare " + name);
  prepared_.emplace_back(std::move(name), std::move(sql));
}

Result Connection::run(const std::string& name, std::initializer_list<Param> params) {
  std::vector<const char*> values;
  values.reserve(params.size());
  for (const Param& param : params) values.push_back(param.text().c_str());
  if (!deferred_.empty()) return run_pipelined(name, values);
  return check(PQexecPrepared(connection_, name.c_str(), static_cast<int>(values.size()),
                              values.data(), nullptr, nullptr, 0),
               name);
}

Result Connection::run_pipelined(const std::string& name, const std::vector<const char*>& values) {
  std::vector<std::string> commands = std::move(deferred_);
  deferred_.clear();
  if (PQenterPipelineMode(connection_) != 1) throw Error("cannot enter pipeline mode");
  bool sent = true;
  for (const std::string& command : commands) {
    sent = sent && PQsendQueryParams(connection_, command.c_str(), 0, nullptr, nullptr, nullptr,
                                     nullptr, 0) == 1;
  }
  sent = sent &&
         PQsendQueryPrepared(connection_, name.c_str(), static_cast<int>(values.size()),
                             values.data(), nullptr, nullptr, 0) == 1 &&
         PQpipelineSync(connection_) == 1;
  // One result per query (each followed by a null), then the sync. Everything is read, even
  // after an error, so that the connection leaves pipeline mode clean.
  std::string error = sent ? "" : std::string(PQerrorMessage(connection_));
  PGresult* last = nullptr;
  for (std::size_t query = 0; sent && query <= commands.size(); ++query) {
    PGresult* result = PQgetResult(connection_);
    if (!result) {
      error = error.empty() ? std::string(PQerrorMessage(connection_)) : error;
      break;
    }
    ExecStatusType status = PQresultStatus(result);
    if (error.empty() && status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK) {
      error = status == PGRES_PIPELINE_ABORTED ? "aborted" : PQresultErrorMessage(result);
    }
    if (query == commands.size()) {
      last = result;
    } else {
      PQclear(result);
    }
    while (PGresult* rest = PQgetResult(connection_)) PQclear(rest);  // the query's null
  }
  while (PGresult* result = PQgetResult(connection_)) {  // the sync
    bool sync = PQresultStatus(result) == PGRES_PIPELINE_SYNC;
    PQclear(result);
    if (sync) break;
  }
  PQexitPipelineMode(connection_);
  if (!error.empty()) {
    PQclear(last);
    throw Error(name + " (pipelined): " + error);
  }
  return Result(last);
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
