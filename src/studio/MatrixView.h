// A table of cells toggled by a click, or by Space or Enter on the current cell: the alignment matrix and the
// competency map. What a toggle does is the model's business; the view only asks.
#pragma once

#include <QTableView>

#include <functional>

namespace coursemap::studio {

class MatrixView : public QTableView
{
    Q_OBJECT

public:
    explicit MatrixView(QWidget* parent = nullptr);
    void setToggle(std::function<void(const QModelIndex&)> toggle) { toggle_ = std::move(toggle); }

protected:
    void keyPressEvent(QKeyEvent* event) override;

private:
    std::function<void(const QModelIndex&)> toggle_;
};

} // namespace coursemap::studio
