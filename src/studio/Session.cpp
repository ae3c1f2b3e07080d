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

bool Session::apply(const Edit& edit, const QString& mergeKey)
{
    try {
        const auto change = document_->apply(edit);
        emit saved();
        if (!change.empty())
            undoStack_.push(new EditCommand(this, change, mergeKey));
        return true;
    } catch (const Error& e) {
        spdlog::warn("edit refused: {} ({})", e.message(), e.detail());
        emit failed(QString::fromStdString(e.message()));
        return false;
    }
}

bool Session::apply(const Change& planned)
{
    try {
        document_->apply(planned);
        emit saved();
        undoStack_.push(new EditCommand(this, planned, {}));
        return true;
    } catch (const Error& e) {
        spdlog::warn("change refused: {} ({})", e.message(), e.detail());
        emit failed(QString::fromStdString(e.message()));
        return false;
    }
}

void Session::saveAs(const QString& path, std::unique_ptr<FileLock> lock)
{
    document_->saveAs(path.toStdString());
    lock_ = std::move(lock); // the old file's mark goes with the old lock
}

void Session::applyChange(const Change& change)
{
    document_->apply(change);
    emit saved();
}

} // namespace coursemap::studio
