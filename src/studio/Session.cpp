#include "Session.h"

#include "EditCommand.h"

#include "coursemap/Error.h"

#include <spdlog/spdlog.h>

namespace coursemap::studio {

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
    subscription_ = document_->subscribe([this](const Change& change) {
        checker_.update(document_->data(), change);
        emit changed(change);
    });
}

Session::~Session()
{
    document_->unsubscribe(subscription_);
}

QString Session::path() const
{
    return QString::fromStdString(document_->path().string());
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

bool Session::apply(const Change& planned)
{
    try {
        document_->apply(planned);
        emit saved();
        undoStack_.push(new EditCommand(this, planned, {}));
        return true;
    } catch (const Error& e) {
        refused(e, planned);
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
            Change change;
            if (const auto* edit = std::get_if<Edit>(&k)) {
                change = document_->apply(*edit);
            } else {
                change = std::get<Change>(k);
                document_->apply(change);
            }
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
