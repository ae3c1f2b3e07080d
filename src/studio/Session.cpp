#include "Session.h"

#include "EditCommand.h"

#include "coursemap/Error.h"

#include <spdlog/spdlog.h>

namespace coursemap::studio {

namespace {

// How often the session looks for changes other programs made: a change shows within this, plus the time
// to read it.
constexpr int FollowIntervalMs = 400;

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
    follow_.setInterval(FollowIntervalMs);
    connect(&follow_, &QTimer::timeout, this, &Session::follow);
    follow_.start();
}

Session::~Session()
{
    document_->unsubscribe(subscription_);
}

QString Session::path() const
{
    return QString::fromStdString(document_->path().string());
}

void Session::follow()
{
    try {
        document_->refresh();
    } catch (const Error& e) {
        // Busy (another program is committing) passes; anything else is worth saying once.
        if (e.code() != ErrorCode::Busy) {
            spdlog::warn("could not read the changes made elsewhere: {} ({})", e.message(), e.detail());
            follow_.stop();
            emit failed(qs(e.message()));
        }
    }
}

namespace {

// The map could take the change, but the file could not: worth keeping for Save As.
bool unwritable(const Error& e)
{
    return e.code() == ErrorCode::DiskFull || e.code() == ErrorCode::ReadOnly || e.code() == ErrorCode::Io;
}

} // namespace

bool Session::apply(const Edit& edit, const QString& mergeKey)
{
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
    if (unwritable(e) && !readOnly()) {
        unsaved_.push_back(std::move(kept));
        emit failed(QString::fromStdString(e.message()) + " "
            + tr("The change is kept (%1 kept so far): File > Save As writes the map with it somewhere else.")
                  .arg(unsaved_.size()));
        return;
    }
    emit failed(QString::fromStdString(e.message()));
}

bool Session::apply(const Planner& plan)
{
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

bool Session::restoreVersion(const std::string& name, const std::string& author)
{
    try {
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
    auto kept = std::move(unsaved_);
    unsaved_.clear();
    for (auto& k : kept) {
        try {
            const Change change = std::holds_alternative<Edit>(k)
                ? document_->apply(std::get<Edit>(k))
                : document_->applyPlan(std::get<Planner>(k));
            emit saved();
            if (!change.empty())
                undoStack_.push(new EditCommand(this, change, {}));
        } catch (const Error& e) {
            if (unwritable(e)) {
                unsaved_.push_back(std::move(k)); // still no room: still kept
                continue;
            }
            spdlog::warn("a kept change no longer fits: {}", e.message());
            emit failed(
                tr("A change kept when it could not be saved no longer fits the map and was dropped: %1")
                    .arg(QString::fromStdString(e.message())));
        }
    }
}

void Session::applyChange(const Change& change)
{
    document_->apply(change);
    emit saved();
}

} // namespace coursemap::studio
