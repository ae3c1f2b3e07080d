#include "Session.h"

#include "EditCommand.h"

#include "coursemap/Error.h"
#include "coursemap/storage/PostgresStore.h"

#include <spdlog/spdlog.h>

namespace coursemap::studio {

namespace {

// How often the session looks for changes other programs made: a change shows within this, plus the time
// to read it.
constexpr int FollowIntervalMs = 400;
// A program on a server announces each commit; looking now and then as well covers a notification lost with
// a dropped connection, and is how a lost connection is noticed and taken up again.
constexpr int ServerFollowIntervalMs = 2000;

QString qs(const std::string& s)
{
    return QString::fromStdString(s);
}

} // namespace

std::unique_ptr<Session> Session::adopt(std::unique_ptr<Document> document, std::unique_ptr<FileLock> lock)
{
    return std::unique_ptr<Session>(new Session(std::move(document), std::move(lock)));
}

std::unique_ptr<Session> Session::create(const QString& path, const QString& programName)
{
    Program program;
    program.name = programName.trimmed().toStdString();
    auto lock = std::make_unique<FileLock>(path.toStdString());
    auto document = Document::create(path.toStdString(), program);
    lock->tryLock();
    return std::unique_ptr<Session>(new Session(std::move(document), std::move(lock)));
}

Session::Session(std::unique_ptr<Document> document, std::unique_ptr<FileLock> lock)
    : document_(std::move(document))
    , lock_(std::move(lock))
    , checker_(document_->data())
{
    document_->setWriter({}, "Coursemap Studio");
    subscription_ = document_->subscribe([this](const Change& change, const ChangeSource& source) {
        checker_.update(document_->data(), change);
        emit changed(change);
        if (!source.external)
            return;
        QString who;
        for (const auto& w : source.writers) {
            const auto name = qs(w.author.empty() ? w.program : w.author + " (" + w.program + ")");
            if (!who.contains(name))
                who += (who.isEmpty() ? QString() : QStringLiteral(", ")) + name;
        }
        emit changedElsewhere(
            tr("Changed by %1: %2.")
                .arg(who.isEmpty() ? tr("another program") : who, qs(summarizeChange(change))));
    });
    if (const auto* server = dynamic_cast<const PostgresStore*>(&document_->store())) {
        onServer_ = true;
        connectedAs_ = qs(server->userDescription());
    }
    follow_.setInterval(onServer_ ? ServerFollowIntervalMs : FollowIntervalMs);
    connect(&follow_, &QTimer::timeout, this, &Session::follow);
    follow_.start();
    watchNotifications();
}

Session::~Session()
{
    delete notifier_; // before the connection whose socket it watches goes with the document
    document_->unsubscribe(subscription_);
}

QString Session::path() const
{
    return QString::fromStdString(document_->path().string());
}

QStringList Session::othersHere()
{
    QStringList out;
    for (const auto& user : document_->store().presence())
        out << qs(user);
    return out;
}

void Session::watchNotifications()
{
    // While the server cannot be reached its old socket only says so, over and over: the timer looks instead.
    const int socket = connected_ ? document_->store().notificationSocket() : -1;
    if (notifier_ && notifier_->socket() == socket) {
        notifier_->setEnabled(true);
        return;
    }
    if (notifier_) {
        // Perhaps from within its own signal: deleted once that has returned.
        notifier_->setEnabled(false);
        notifier_->deleteLater();
        notifier_ = nullptr;
    }
    if (socket < 0)
        return;
    notifier_ = new QSocketNotifier(socket, QSocketNotifier::Read, this);
    connect(notifier_, &QSocketNotifier::activated, this, [this] {
        // A commit announced, or the connection gone: reading the revision tells which (and is cheap). Quiet
        // meanwhile: the socket may close under it.
        notifier_->setEnabled(false);
        document_->store().takeNotifications();
        follow();
    });
}

void Session::setConnected(bool connected)
{
    if (connected_ == connected)
        return;
    connected_ = connected;
    watchNotifications();
    emit connectionChanged(connected);
    if (connected)
        writeKept();
}

void Session::follow()
{
    try {
        document_->refresh();
        const bool wasConnected = connected_;
        setConnected(true); // (writes the kept edits when the server is back)
        if (wasConnected && onServer_ && !unsaved_.empty())
            writeKept(); // kept while another connection held the program
    } catch (const Error& e) {
        if (onServer_ && e.code() == ErrorCode::Io) {
            // The server cannot be reached: said once; the session goes on looking and reconnects.
            if (connected_) {
                spdlog::warn("lost the server: {} ({})", e.message(), e.detail());
                emit failed(qs(e.message()));
            }
            setConnected(false);
        } else if (e.code() != ErrorCode::Busy) {
            // Busy (another program is committing) passes; anything else is worth saying once.
            spdlog::warn("could not read the changes made elsewhere: {} ({})", e.message(), e.detail());
            follow_.stop();
            emit failed(qs(e.message()));
        }
    }
    watchNotifications();
}

namespace {

// The map could take the change, but the file could not: worth keeping for Save As.
bool unwritable(const Error& e)
{
    return e.code() == ErrorCode::DiskFull || e.code() == ErrorCode::ReadOnly || e.code() == ErrorCode::Io;
}

} // namespace

bool Session::keptBehindOthers(Kept kept)
{
    if (!onServer_ || unsaved_.empty())
        return false;
    writeKept();
    if (unsaved_.empty())
        return false;
    // Edits waiting for the server are written first, in order: this one waits behind them.
    unsaved_.push_back({ std::move(kept), {} });
    emit failed(
        tr("The server cannot be reached. The change is kept (%1 kept so far) and is saved as soon as "
           "the server answers again.")
            .arg(unsaved_.size()));
    return true;
}

bool Session::apply(const Edit& edit, const QString& mergeKey)
{
    if (keptBehindOthers(edit))
        return false;
    try {
        const auto change = document_->apply(edit);
        lastChange_ = change;
        emit saved();
        if (!change.empty())
            undoStack_.push(new EditCommand(this, change, mergeKey));
        return true;
    } catch (const Error& e) {
        // The edit itself is kept, not a plan of it: planned again when written, an added item then gets an
        // id of its own, not one a later edit may have taken meanwhile.
        refused(e, edit);
        return false;
    }
}

void Session::refused(const Error& e, Kept kept)
{
    spdlog::warn("change refused: {} ({})", e.message(), e.detail());
    if (onServer_ && e.code() == ErrorCode::Io) {
        // Not committed, or not known to be: the edit waits for the server, and is written when it answers
        // again (only if the server did not keep it after all).
        unsaved_.push_back({ std::move(kept), doubtfulToken() });
        setConnected(false);
        emit failed(QString::fromStdString(e.message()) + " "
            + tr("The change is kept (%1 kept so far) and is saved as soon as the server answers again.")
                  .arg(unsaved_.size()));
        return;
    }
    if (unwritable(e) && !readOnly()) {
        unsaved_.push_back({ std::move(kept), {} });
        emit failed(QString::fromStdString(e.message()) + " "
            + tr("The change is kept (%1 kept so far): File > Save As writes the map with it somewhere else.")
                  .arg(unsaved_.size()));
        return;
    }
    emit failed(QString::fromStdString(e.message()));
}

bool Session::apply(const Planner& plan)
{
    if (keptBehindOthers(plan))
        return false;
    try {
        const auto change = document_->applyPlan(plan);
        lastChange_ = change;
        emit saved();
        if (!change.empty())
            undoStack_.push(new EditCommand(this, change, {}));
        return true;
    } catch (const Error& e) {
        refused(e, plan);
        return false;
    }
}

void Session::requireKeptWritten()
{
    if (!onServer_ || unsaved_.empty())
        return;
    writeKept();
    if (!unsaved_.empty())
        throw Error(ErrorCode::Io,
            tr("%n kept change(s) must reach the server first; they are saved as soon as it answers again.",
                nullptr, static_cast<int>(unsaved_.size()))
                .toStdString());
}

bool Session::restoreVersion(const std::string& name, const std::string& author)
{
    try {
        requireKeptWritten();
        const auto change = document_->restoreVersion(name, author);
        lastChange_ = change;
        emit saved();
        if (!change.empty())
            undoStack_.push(new EditCommand(this, change, {}));
        return true;
    } catch (const Error& e) {
        emit failed(QString::fromStdString(e.message()));
        return false;
    }
}

void Session::saveAs(const QString& path, std::unique_ptr<FileLock> lock)
{
    document_->saveAs(path.toStdString());
    lock_ = std::move(lock); // the old file's mark goes with the old lock
    writeKept();
}

void Session::writeKept()
{
    // In order: a kept edit may build on the one before it. The first that still cannot be written stops
    // the rest, all still kept.
    while (!unsaved_.empty()) {
        const Kept k = unsaved_.front().change;
        try {
            if (!unsaved_.front().doubtfulToken.empty())
                if (auto* server = dynamic_cast<PostgresStore*>(&document_->store()))
                    server->retryWith(unsaved_.front().doubtfulToken);
            const Change change = std::holds_alternative<Edit>(k)
                ? document_->apply(std::get<Edit>(k))
                : document_->applyPlan(std::get<Planner>(k));
            unsaved_.erase(unsaved_.begin());
            lastChange_ = change;
            emit saved();
            if (!change.empty())
                undoStack_.push(new EditCommand(this, change, {}));
        } catch (const Error& e) {
            // A token handed to the store for this edit never goes with another (the edit may have failed
            // before the store was asked to write it).
            if (auto* server = dynamic_cast<PostgresStore*>(&document_->store()))
                server->retryWith({});
            // (A server busy with another connection's lock is asked again later, like one away.)
            if (unwritable(e) || (onServer_ && e.code() == ErrorCode::Busy)) {
                if (onServer_ && e.code() == ErrorCode::Io) {
                    if (auto token = doubtfulToken(); !token.empty())
                        unsaved_.front().doubtfulToken = std::move(token);
                    setConnected(false);
                }
                return;
            }
            unsaved_.erase(unsaved_.begin());
            spdlog::warn("a kept change no longer fits: {}", e.message());
            emit failed(
                tr("A change kept when it could not be saved no longer fits the map and was dropped: %1")
                    .arg(QString::fromStdString(e.message())));
        }
    }
}

std::string Session::doubtfulToken()
{
    auto* server = onServer_ ? dynamic_cast<PostgresStore*>(&document_->store()) : nullptr;
    return server ? server->takeDoubtfulToken().value_or(std::string()) : std::string();
}

void Session::applyChange(const Change& change)
{
    requireKeptWritten();
    document_->apply(change);
    emit saved();
}

} // namespace coursemap::studio
