#include "ChartsPage.h"

#include "Palette.h"
#include "Session.h"

#include "coursemap/analysis/ObjectiveAnalyzer.h"

#include <QBarCategoryAxis>
#include <QBarSet>
#include <QChart>
#include <QChartView>
#include <QGridLayout>
#include <QLegend>
#include <QPieSeries>
#include <QPieSlice>
#include <QStackedBarSeries>
#include <QTimer>
#include <QValueAxis>

namespace coursemap::studio {

namespace {

QChartView* makeView(QWidget* parent, const QString& name)
{
    auto* view = new QChartView(parent);
    view->setObjectName(name);
    view->setRenderHint(QPainter::Antialiasing);
    view->setMinimumSize(320, 260);
    return view;
}

QChart* makeChart(const QString& title)
{
    auto* chart = new QChart;
    chart->setTitle(title);
    auto font = chart->titleFont();
    font.setBold(true);
    font.setPointSizeF(font.pointSizeF() * 1.1);
    chart->setTitleFont(font);
    chart->setAnimationOptions(QChart::NoAnimation);
    chart->setMargins(QMargins(4, 4, 4, 4));
    return chart;
}

// The view takes the new chart and gives the old one back, which is then ours to delete.
void replaceChart(QChartView* view, QChart* chart)
{
    auto* old = view->chart();
    view->setChart(chart);
    delete old;
}

} // namespace

ChartsPage::ChartsPage(QWidget* parent)
    : QWidget(parent)
    , bloom_(makeView(this, "bloomChart"))
    , types_(makeView(this, "learningTypeChart"))
    , weights_(makeView(this, "weightsChart"))
    , pending_(new QTimer(this))
{
    setObjectName("chartsPage");
    auto* layout = new QGridLayout(this);
    layout->addWidget(bloom_, 0, 0, 1, 2);
    layout->addWidget(types_, 1, 0);
    layout->addWidget(weights_, 1, 1);
    // Edits come in bursts (typing); draw once they settle.
    pending_->setSingleShot(true);
    pending_->setInterval(150);
    connect(pending_, &QTimer::timeout, this, &ChartsPage::refresh);
}

void ChartsPage::setSession(Session* session)
{
    if (session_)
        disconnect(session_, nullptr, this, nullptr);
    session_ = session;
    course_ = NoId;
    if (session_)
        connect(session_, &Session::changed, pending_, qOverload<>(&QTimer::start));
    refresh();
}

void ChartsPage::setCourse(Id courseId)
{
    course_ = courseId;
    refresh();
}

ChartsPage::Figures ChartsPage::figures() const
{
    Figures f;
    if (!session_)
        return f;
    const auto& data = session_->data();
    std::vector<Id> courses;
    if (course_ == NoId)
        for (const auto* c : data.courses())
            courses.push_back(c->id);
    else
        courses.push_back(course_);
    ObjectiveAnalysis a;
    for (Id c : courses) {
        for (const auto* o : data.objectivesOf(c)) {
            analyzeObjective(o->text, a);
            const auto level = o->bloomOverride ? o->bloomOverride : a.bloom;
            ++f.bloom[level ? static_cast<std::size_t>(*level) : 6];
        }
        for (const auto* x : data.activitiesOf(c))
            f.minutes[x->learningType ? static_cast<std::size_t>(*x->learningType) : 6] += x->minutes;
        for (const auto* x : course_ == NoId ? std::vector<const Assessment*> {} : data.assessmentsOf(c))
            if (x->summative && x->weight > 0)
                f.weights.emplace_back(qs(x->title), x->weight);
    }
    return f;
}

void ChartsPage::showEvent(QShowEvent* event)
{
    QWidget::showEvent(event);
    if (stale_)
        refresh();
}

void ChartsPage::refresh()
{
    pending_->stop();
    // Drawn when seen: a hidden page only notes that it is out of date.
    stale_ = !isVisible();
    if (stale_)
        return;
    const auto f = figures();
    const QString scope = !session_             ? QString()
        : course_ == NoId                       ? tr("the program")
        : session_->data().get<Course>(course_) ? qs(session_->data().get<Course>(course_)->code)
                                                : QString();

    // Bloom levels: one bar per level, in the level's colour.
    auto* chart = makeChart(tr("Objectives by Bloom level — %1").arg(scope));
    auto* bars = new QStackedBarSeries;
    QStringList categories;
    for (int i = 0; i < 6; ++i)
        categories << bloomName(static_cast<BloomLevel>(i));
    categories << tr("No level");
    int most = 1;
    for (int i = 0; i < 7; ++i) {
        auto* set = new QBarSet(categories[i]);
        for (int k = 0; k < 7; ++k)
            *set << (k == i ? f.bloom[static_cast<std::size_t>(i)] : 0);
        const auto color
            = i < 6 ? bloomColor(static_cast<BloomLevel>(i)).darker(115) : QColor(0xBD, 0xBD, 0xBD);
        set->setColor(color);
        set->setBorderColor(color.darker(130));
        set->setLabelColor(Qt::black);
        bars->append(set);
        most = std::max(most, f.bloom[static_cast<std::size_t>(i)]);
    }
    bars->setLabelsVisible(true);
    bars->setLabelsPosition(QAbstractBarSeries::LabelsInsideEnd);
    chart->addSeries(bars);
    auto* x = new QBarCategoryAxis;
    x->append(categories);
    chart->addAxis(x, Qt::AlignBottom);
    bars->attachAxis(x);
    auto* y = new QValueAxis;
    y->setLabelFormat("%d");
    y->setTitleText(tr("objectives"));
    chart->addAxis(y, Qt::AlignLeft);
    bars->attachAxis(y);
    y->setRange(0, most + 1);
    y->setTickCount(std::min(most + 2, 11));
    chart->legend()->hide();
    replaceChart(bloom_, chart);

    // Learning types: share of the teaching minutes.
    chart = makeChart(tr("Teaching time by learning type"));
    auto* pie = new QPieSeries;
    for (int i = 0; i < 7; ++i) {
        const int minutes = f.minutes[static_cast<std::size_t>(i)];
        if (minutes <= 0)
            continue;
        const auto name = i < 6 ? learningTypeName(static_cast<LearningType>(i)) : tr("Not set");
        auto* slice = pie->append(tr("%1 %2 h").arg(name).arg(minutes / 60.0, 0, 'f', 1), minutes);
        slice->setColor(i < 6 ? learningTypeColor(static_cast<LearningType>(i)) : QColor(0xBD, 0xBD, 0xBD));
    }
    pie->setHoleSize(0.35);
    chart->addSeries(pie);
    chart->legend()->setAlignment(Qt::AlignBottom);
    replaceChart(types_, chart);

    // Summative weights: how the grade is made up.
    chart = makeChart(tr("Grade by summative assessment"));
    pie = new QPieSeries;
    double total = 0;
    for (const auto& [title, weight] : f.weights) {
        pie->append(tr("%1 %2%").arg(title.length() > 28 ? title.left(26) + "…" : title).arg(weight), weight);
        total += weight;
    }
    if (course_ != NoId && total < 100) {
        auto* slice = pie->append(tr("Not assigned %1%").arg(100 - total), 100 - total);
        slice->setColor(QColor(0xEE, 0xEE, 0xEE));
        slice->setBorderColor(QColor(0xC6, 0x28, 0x28));
    }
    chart->addSeries(pie);
    chart->legend()->setAlignment(Qt::AlignBottom);
    if (course_ == NoId)
        chart->setTitle(tr("Grade by summative assessment — choose a course"));
    replaceChart(weights_, chart);
}

} // namespace coursemap::studio
