<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en" sourcelanguage="en">
<context>
    <name>CollectPanel</name>
    <message numerus="yes">
        <source>%n in all. Aim for {0} of each digit; fewest so far: {1}.</source>
        <translation>
            <numerusform>%n in all. Aim for {0} of each digit; fewest so far: {1}.</numerusform>
            <numerusform>%n in all. Aim for {0} of each digit; fewest so far: {1}.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n in all: enough of every digit to fine-tune. More never hurts.</source>
        <translation>
            <numerusform>%n in all: enough of every digit to fine-tune. More never hurts.</numerusform>
            <numerusform>%n in all: enough of every digit to fine-tune. More never hurts.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Saved a {0} (%n of them now). Ctrl+Z takes it back.</source>
        <translation>
            <numerusform>Saved a {0} (%n of them now). Ctrl+Z takes it back.</numerusform>
            <numerusform>Saved a {0} (%n of them now). Ctrl+Z takes it back.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>FinetuneTab</name>
    <message numerus="yes">
        <source>Saved the drawing as a {0} in your samples (%n of them); fine-tune on them in the Fine-tune tab</source>
        <translation>
            <numerusform>Saved the drawing as a {0} in your samples (%n of them); fine-tune on them in the Fine-tune tab</numerusform>
            <numerusform>Saved the drawing as a {0} in your samples (%n of them); fine-tune on them in the Fine-tune tab</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n sample(s) · {0}–{1} per digit</source>
        <translation>
            <numerusform>%n sample · {0}–{1} per digit</numerusform>
            <numerusform>%n samples · {0}–{1} per digit</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>ImportReportDialog</name>
    <message numerus="yes">
        <source>Imported %n sample(s) from &lt;b&gt;{0}&lt;/b&gt;.</source>
        <translation>
            <numerusform>Imported %n sample from &lt;b&gt;{0}&lt;/b&gt;.</numerusform>
            <numerusform>Imported %n samples from &lt;b&gt;{0}&lt;/b&gt;.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Skipped %n item(s) that could not be used; everything else was imported:</source>
        <translation>
            <numerusform>Skipped %n item that could not be used; everything else was imported:</numerusform>
            <numerusform>Skipped %n items that could not be used; everything else was imported:</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>RunsView</name>
    <message numerus="yes">
        <source>%n run(s) kept · Ctrl- or Shift-click to compare several · double-click for a run&apos;s evaluation</source>
        <translation>
            <numerusform>%n run kept · Ctrl- or Shift-click to compare several · double-click for a run&apos;s evaluation</numerusform>
            <numerusform>%n runs kept · Ctrl- or Shift-click to compare several · double-click for a run&apos;s evaluation</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>SampleGallery</name>
    <message numerus="yes">
        <source>%n sample(s) of {0}</source>
        <translation>
            <numerusform>%n sample of {0}</numerusform>
            <numerusform>%n samples of {0}</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n samples selected: press 0-9 to relabel them, Delete to delete them.</source>
        <translation>
            <numerusform>%n sample selected: press 0-9 to relabel it, Delete to delete it.</numerusform>
            <numerusform>%n samples selected: press 0-9 to relabel them, Delete to delete them.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source> (%n imported from images have no strokes and are not in a stroke file)</source>
        <translation>
            <numerusform> (%n imported from an image has no strokes and is not in a stroke file)</numerusform>
            <numerusform> (%n imported from images have no strokes and are not in a stroke file)</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Wrote %n sample(s) to {0}{1}.</source>
        <translation>
            <numerusform>Wrote %n sample to {0}{1}.</numerusform>
            <numerusform>Wrote %n samples to {0}{1}.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>SampleLibrary</name>
    <message numerus="yes">
        <source>Import %n sample(s)</source>
        <translation>
            <numerusform>Import %n sample</numerusform>
            <numerusform>Import %n samples</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>TrainingSettings</name>
    <message numerus="yes">
        <source>More settings · %n changed</source>
        <translation>
            <numerusform>More settings · %n changed</numerusform>
            <numerusform>More settings · %n changed</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>TrainingTab</name>
    <message numerus="yes">
        <source>{0}: %n epoch(s) in {1}; the final model (epoch {2}) kept in Runs</source>
        <translation>
            <numerusform>{0}: %n epoch in {1}; the final model (epoch {2}) kept in Runs</numerusform>
            <numerusform>{0}: %n epochs in {1}; the final model (epoch {2}) kept in Runs</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>{0}: %n epoch(s) in {1}; best model (epoch {2}) kept in Runs</source>
        <translation>
            <numerusform>{0}: %n epoch in {1}; best model (epoch {2}) kept in Runs</numerusform>
            <numerusform>{0}: %n epochs in {1}; best model (epoch {2}) kept in Runs</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Settings: {0} (%n epoch(s)); press Start to train it.</source>
        <translation>
            <numerusform>Settings: {0} (%n epoch); press Start to train it.</numerusform>
            <numerusform>Settings: {0} (%n epochs); press Start to train it.</numerusform>
        </translation>
    </message>
</context>
</TS>
