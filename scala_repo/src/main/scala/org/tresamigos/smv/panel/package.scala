package org.tresamigos.smv

/** SMV 2.x's time panels, `import org.tresamigos.smv.panel._`: re-exports of `smv.helpers.panel`. */
package object panel {
  type PartialTime = _root_.smv.helpers.panel.PartialTime
  val PartialTime: _root_.smv.helpers.panel.PartialTime.type = _root_.smv.helpers.panel.PartialTime
  type Quarter = _root_.smv.helpers.panel.Quarter
  val Quarter: _root_.smv.helpers.panel.Quarter.type = _root_.smv.helpers.panel.Quarter
  type Month = _root_.smv.helpers.panel.Month
  val Month: _root_.smv.helpers.panel.Month.type = _root_.smv.helpers.panel.Month
  type Day = _root_.smv.helpers.panel.Day
  val Day: _root_.smv.helpers.panel.Day.type = _root_.smv.helpers.panel.Day
  type Week = _root_.smv.helpers.panel.Week
  val Week: _root_.smv.helpers.panel.Week.type = _root_.smv.helpers.panel.Week
  type TimePanel = _root_.smv.helpers.panel.TimePanel
  val TimePanel: _root_.smv.helpers.panel.TimePanel.type = _root_.smv.helpers.panel.TimePanel
}
