<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN" sourcelanguage="en">
<context>
    <name>AugmentPreview</name>
    <message>
        <source>Top row: training digits. Below: what augmentation makes of them, redrawn every second</source>
        <translation>上排：训练数字。下排：数据增强后的样子，每秒重绘一次</translation>
    </message>
    <message>
        <source>Load the data to preview augmentation.</source>
        <translation>加载数据后即可预览数据增强。</translation>
    </message>
</context>
<context>
    <name>CandidateButton</name>
    <message>
        <source>It&apos;s a {0}</source>
        <extracomment>this is the digit the user chose (painted with a tick, in green)</extracomment>
        <translation>是 {0}</translation>
    </message>
    <message>
        <source>It&apos;s a {0}: save this drawing as a {0} in your samples, to fine-tune on (Fine-tune tab)</source>
        <translation>是 {0}：把这幅手写存为样本“{0}”，用于微调（“微调”标签页）</translation>
    </message>
    <message>
        <source>✓ your answer</source>
        <translation>✓ 你的答案</translation>
    </message>
</context>
<context>
    <name>CollectPanel</name>
    <message>
        <source>Collection canvas</source>
        <extracomment>a sample was saved: (id, label) the live reading of the drawing (None: nothing drawn, or no model)</extracomment>
        <translation>采集画布</translation>
    </message>
    <message>
        <source>Guided</source>
        <translation>引导</translation>
    </message>
    <message>
        <source>Free</source>
        <translation>自由</translation>
    </message>
    <message>
        <source>The app asks for a digit; Enter saves it</source>
        <translation>由程序指定数字；按 Enter 保存</translation>
    </message>
    <message>
        <source>Draw anything, then press its digit (0-9)</source>
        <translation>随意书写，然后按对应的数字键（0-9）</translation>
    </message>
    <message>
        <source>Clear</source>
        <translation>清除</translation>
    </message>
    <message>
        <source>Clear the canvas (Esc)</source>
        <translation>清空画布（Esc）</translation>
    </message>
    <message>
        <source>Undo</source>
        <translation>撤销</translation>
    </message>
    <message>
        <source>Undo the last stroke, or take the last saved sample back (Ctrl+Z)</source>
        <translation>撤销上一笔，或收回刚保存的样本（Ctrl+Z）</translation>
    </message>
    <message>
        <source>Width</source>
        <translation>粗细</translation>
    </message>
    <message>
        <source>Pen width</source>
        <translation>笔的粗细</translation>
    </message>
    <message>
        <source>Pen width, as a share of the canvas side</source>
        <translation>笔的粗细，按画布边长的比例计</translation>
    </message>
    <message>
        <source>Your samples</source>
        <translation>你的样本</translation>
    </message>
    <message>
        <source>Please draw a</source>
        <translation>请写一个</translation>
    </message>
    <message>
        <source>Digit to draw</source>
        <translation>要写的数字</translation>
    </message>
    <message>
        <source>Save  ⏎</source>
        <translation>保存  ⏎</translation>
    </message>
    <message>
        <source>Save the drawing as this digit (Enter)</source>
        <translation>把手写存为这个数字（Enter）</translation>
    </message>
    <message>
        <source>Skip</source>
        <translation>跳过</translation>
    </message>
    <message>
        <source>Ask for another digit (S)</source>
        <translation>换一个数字（S）</translation>
    </message>
    <message>
        <source>Draw any digit, then save it as</source>
        <translation>写任意一个数字，然后存为</translation>
    </message>
    <message>
        <source>Save the drawing as a {0} (key {0})</source>
        <translation>把手写存为 {0}（按键 {0}）</translation>
    </message>
    <message>
        <source>None yet. About {0} of each digit is a good start.</source>
        <translation>还没有样本。每个数字先采集约 {0} 个就不错。</translation>
    </message>
    <message numerus="yes">
        <source>%n in all. Aim for {0} of each digit; fewest so far: {1}.</source>
        <translation>
            <numerusform>共 %n 个。目标是每个数字 {0} 个；目前最少的是：{1}。</numerusform>
        </translation>
    </message>
    <message>
        <source>, </source>
        <translation>、</translation>
    </message>
    <message numerus="yes">
        <source>%n in all: enough of every digit to fine-tune. More never hurts.</source>
        <translation>
            <numerusform>共 %n 个：每个数字都够微调了。多多益善。</numerusform>
        </translation>
    </message>
    <message>
        <source>Only {0} held out so far to measure a fine-tune on: until {1} are, it is measured by cross-validation over your samples.</source>
        <translation>目前只有 {0} 个留出样本可用来衡量微调：在达到 {1} 个之前，用你的样本做交叉验证来衡量。</translation>
    </message>
    <message>
        <source>Draw the digit first, then save it.</source>
        <translation>请先写数字，再保存。</translation>
    </message>
    <message>
        <source>The sample collection cannot be opened.</source>
        <translation>无法打开样本库。</translation>
    </message>
    <message>
        <source>Not saved: {0}</source>
        <translation>未保存：{0}</translation>
    </message>
    <message numerus="yes">
        <source>Saved a {0} (%n of them now). Ctrl+Z takes it back.</source>
        <translation>
            <numerusform>已保存一个 {0}（现有 %n 个）。按 Ctrl+Z 可收回。</numerusform>
        </translation>
    </message>
    <message>
        <source>Skipped the {0}.</source>
        <translation>已跳过 {0}。</translation>
    </message>
    <message>
        <source>Took the {0} back out of your samples.</source>
        <translation>已从样本中收回这个 {0}。</translation>
    </message>
    <message>
        <source>You have {0} of {1} suggested {2}s.</source>
        <translation>数字 {2} 已有 {0} 个，建议 {1} 个。</translation>
    </message>
    <message>
        <source>You have {0} {1}s.</source>
        <translation>数字 {1} 已有 {0} 个。</translation>
    </message>
    <message>
        <source>Draw the digit asked for. Enter saves it, S asks for another, Esc clears, Ctrl+Z undoes (and takes back what you saved last).</source>
        <translation>写出指定的数字。Enter 保存，S 换一个，Esc 清空，Ctrl+Z 撤销（也可收回刚保存的样本）。</translation>
    </message>
    <message>
        <source>Draw a digit, then press its key (0-9) or click it to save it. Esc clears, Ctrl+Z undoes (and takes back what you saved last).</source>
        <translation>写一个数字，然后按对应的数字键（0-9）或点击它来保存。Esc 清空，Ctrl+Z 撤销（也可收回刚保存的样本）。</translation>
    </message>
    <message>
        <source>The model in use reads &lt;b&gt;{0}&lt;/b&gt; ({1})</source>
        <translation>当前模型识别为 &lt;b&gt;{0}&lt;/b&gt;（{1}）</translation>
    </message>
    <message>
        <source>not the {0} asked for: a sample it reads wrong teaches it most</source>
        <translation>不是所要求的 {0}：认错的样本最能教会它</translation>
    </message>
</context>
<context>
    <name>ColourKey</name>
    <message>
        <source>Map colours: blue below zero, black at zero, orange to yellow above zero</source>
        <translation>特征图配色：负值为蓝，零为黑，正值由橙到黄</translation>
    </message>
    <message>
        <source>negative</source>
        <translation>负值</translation>
    </message>
    <message>
        <source>positive</source>
        <translation>正值</translation>
    </message>
</context>
<context>
    <name>ComparisonView</name>
    <message>
        <source>{0}-fold cross-validation</source>
        <extracomment>an MNIST drop larger than this (in points) is shown as a warning</extracomment>
        <translation>{0} 折交叉验证</translation>
    </message>
    <message>
        <source>held out</source>
        <translation>留出</translation>
    </message>
    <message>
        <source>no change</source>
        <translation>无变化</translation>
    </message>
    <message>
        <source>{0} pts</source>
        <translation>{0} 个百分点</translation>
    </message>
    <message>
        <source>none</source>
        <translation>无</translation>
    </message>
    <message>
        <source>Your held-out samples</source>
        <translation>你的留出样本</translation>
    </message>
    <message>
        <source>MNIST test set</source>
        <translation>MNIST 测试集</translation>
    </message>
    <message>
        <source>Digit</source>
        <translation>数字</translation>
    </message>
    <message>
        <source>Base model</source>
        <translation>基础模型</translation>
    </message>
    <message>
        <source>Fine-tuned</source>
        <translation>微调后</translation>
    </message>
    <message>
        <source>Cross-validated accuracy per digit</source>
        <translation>每个数字的交叉验证准确率</translation>
    </message>
    <message>
        <source>Held-out accuracy per digit</source>
        <translation>每个数字的留出样本准确率</translation>
    </message>
    <message>
        <source>Read</source>
        <translation>已识别</translation>
    </message>
    <message>
        <source>Held out</source>
        <translation>留出</translation>
    </message>
    <message>
        <source>Your samples ({0}), {1}</source>
        <translation>你的样本（{0}），{1}</translation>
    </message>
    <message>
        <source>Your held-out samples ({0})</source>
        <translation>你的留出样本（{0}）</translation>
    </message>
    <message>
        <source>No held-out samples yet</source>
        <translation>还没有留出样本</translation>
    </message>
    <message>
        <source>MNIST test set ({0})</source>
        <translation>MNIST 测试集（{0}）</translation>
    </message>
    <message>
        <source>MNIST test set: not measured (no MNIST)</source>
        <translation>MNIST 测试集：未评估（没有 MNIST）</translation>
    </message>
</context>
<context>
    <name>ConfusionMatrixView</name>
    <message>
        <source>Confusion matrix</source>
        <extracomment>images listed for one cell at most (a diagonal cell can hold a thousand)</extracomment>
        <translation>混淆矩阵</translation>
    </message>
    <message>
        <source>Click a cell to see its test images</source>
        <translation>点击格子查看其测试图像</translation>
    </message>
    <message>
        <source>true digit</source>
        <translation>真实数字</translation>
    </message>
    <message>
        <source>predicted digit</source>
        <translation>预测数字</translation>
    </message>
    <message>
        <source>{0} read as {1}</source>
        <translation>{0} 被认成 {1}</translation>
    </message>
    <message>
        <source>{0} read correctly</source>
        <translation>{0} 识别正确</translation>
    </message>
    <message>
        <source>{0}: {1} test images. Click to see them.</source>
        <translation>{0}：{1} 张测试图像。点击查看。</translation>
    </message>
</context>
<context>
    <name>ConvolutionPage</name>
    <message>
        <source>How one unit of a feature map is computed from your drawing, number by number. Click a unit on the map (or on the Layers page).</source>
        <translation>特征图上的一个单元是如何由你的手写一步步算出来的。在图上（或在“逐层”页）点击一个单元。</translation>
    </message>
    <message>
        <source>The layer whose unit is worked out</source>
        <translation>要演算其单元的层</translation>
    </message>
    <message>
        <source>map </source>
        <translation>特征图 </translation>
    </message>
    <message>
        <source>Which of the layer&apos;s maps</source>
        <translation>该层的哪一张特征图</translation>
    </message>
    <message>
        <source>input map </source>
        <translation>输入特征图 </translation>
    </message>
    <message>
        <source>Which input map&apos;s 3×3 patch and kernel are shown (the sum covers all)</source>
        <translation>显示哪张输入特征图的 3×3 区块和卷积核（求和涵盖全部）</translation>
    </message>
    <message>
        <source>Layer</source>
        <translation>层</translation>
    </message>
    <message>
        <source>Input patch</source>
        <translation>输入区块</translation>
    </message>
    <message>
        <source>Kernel</source>
        <translation>卷积核</translation>
    </message>
    <message>
        <source>Products</source>
        <translation>乘积</translation>
    </message>
    <message>
        <source>{0} · map {1} · {2}×{3}: row {4}, column {5}</source>
        <translation>{0} · 特征图 {1} · {2}×{3}：第 {4} 行，第 {5} 列</translation>
    </message>
    <message>
        <source>Draw a digit to see a unit worked out.</source>
        <translation>写一个数字，看一个单元的演算过程。</translation>
    </message>
    <message>
        <source>the normalised input</source>
        <translation>归一化后的输入</translation>
    </message>
    <message>
        <source>{0}&apos;s map {1}</source>
        <translation>{0} 的特征图 {1}</translation>
    </message>
    <message>
        <source>Input patch ({0})</source>
        <translation>输入区块（{0}）</translation>
    </message>
    <message>
        <source>{0} kernel {1}</source>
        <translation>{0} 卷积核 {1}</translation>
    </message>
    <message>
        <source>, input map {0}</source>
        <translation>，输入特征图 {0}</translation>
    </message>
    <message>
        <source>, </source>
        <translation>、</translation>
    </message>
    <message>
        <source>map {0}: {1}</source>
        <translation>特征图 {0}：{1}</translation>
    </message>
    <message>
        <source>Sum of these 9 products: &lt;b&gt;{0}&lt;/b&gt;. The unit adds up such sums over all {1} input maps (largest: {2}): &lt;b&gt;{3}&lt;/b&gt;</source>
        <translation>这 9 个乘积之和：&lt;b&gt;{0}&lt;/b&gt;。该单元把全部 {1} 张输入特征图上的这种和相加（最大的几个：{2}）：&lt;b&gt;{3}&lt;/b&gt;</translation>
    </message>
    <message>
        <source>Sum of the 9 products: &lt;b&gt;{0}&lt;/b&gt;</source>
        <translation>9 个乘积之和：&lt;b&gt;{0}&lt;/b&gt;</translation>
    </message>
    <message>
        <source>No bias (the batch norm after it shifts instead): {0} = &lt;b&gt;{1}&lt;/b&gt;</source>
        <translation>没有偏置（改由其后的批归一化平移）：{0} = &lt;b&gt;{1}&lt;/b&gt;</translation>
    </message>
    <message>
        <source>+ bias {0} = {1} = &lt;b&gt;{2}&lt;/b&gt;</source>
        <translation>+ 偏置 {0} = {1} = &lt;b&gt;{2}&lt;/b&gt;</translation>
    </message>
    <message>
        <source>(the {0} unit at row {1}, column {2}: the largest in the pooling window of the unit you picked)</source>
        <translation>（{0} 第 {1} 行第 {2} 列的单元：你所选单元的池化窗口中最大的那个）</translation>
    </message>
    <message>
        <source>&lt;b&gt;{0}&lt;/b&gt; (max pooling): the largest of [{1}] = &lt;b&gt;{2}&lt;/b&gt;</source>
        <translation>&lt;b&gt;{0}&lt;/b&gt;（最大池化）：[{1}] 中的最大值 = &lt;b&gt;{2}&lt;/b&gt;</translation>
    </message>
    <message>
        <source>&lt;b&gt;{0}&lt;/b&gt; (batch norm, shown as its own step, not folded into the kernel): ({1} − {2}) / √({3} + {4}) × {5} + {6} = &lt;b&gt;{7}&lt;/b&gt;</source>
        <translation>&lt;b&gt;{0}&lt;/b&gt;（批归一化，单独作为一步显示，未并入卷积核）：({1} − {2}) / √({3} + {4}) × {5} + {6} = &lt;b&gt;{7}&lt;/b&gt;</translation>
    </message>
    <message>
        <source>&lt;b&gt;{0}&lt;/b&gt; (ReLU): max(0, {1}) = &lt;b&gt;{2}&lt;/b&gt;</source>
        <translation>&lt;b&gt;{0}&lt;/b&gt;（ReLU）：max(0, {1}) = &lt;b&gt;{2}&lt;/b&gt;</translation>
    </message>
    <message>
        <source>The network&apos;s own output at {0} map {1}, row {2}, column {3}: {4}</source>
        <translation>网络自身在 {0} 特征图 {1} 第 {2} 行第 {3} 列的输出：{4}</translation>
    </message>
    <message>
        <source> ✓ the same</source>
        <translation> ✓ 一致</translation>
    </message>
    <message>
        <source> (differs!)</source>
        <translation>（不一致！）</translation>
    </message>
</context>
<context>
    <name>CorrectionBar</name>
    <message>
        <source>Read wrong? That&apos;s a</source>
        <extracomment>the user says the drawing is this digit the user takes back the drawing just saved (&quot;Undo&quot; beside &quot;saved as a 7&quot;)</extracomment>
        <translation>认错了？其实是</translation>
    </message>
    <message>
        <source>Undo</source>
        <translation>撤销</translation>
    </message>
    <message>
        <source>Take the drawing back out of your samples</source>
        <translation>从样本中收回这幅手写</translation>
    </message>
    <message>
        <source>Save this drawing as a {0} in your samples, to fine-tune on (Fine-tune tab)</source>
        <translation>把这幅手写存为样本“{0}”，用于微调（“微调”标签页）</translation>
    </message>
    <message>
        <source>That&apos;s a {0}</source>
        <translation>其实是 {0}</translation>
    </message>
    <message>
        <source>Read right: keep this drawing as a {0} in your samples</source>
        <translation>认对了：把这幅手写作为 {0} 保留在样本中</translation>
    </message>
    <message>
        <source>Neither? That&apos;s a</source>
        <translation>都不对？其实是</translation>
    </message>
    <message>
        <source>draw first</source>
        <translation>请先书写</translation>
    </message>
    <message>
        <source>✓ saved as a {0} ({1} now)</source>
        <translation>✓ 已存为 {0}（现有 {1} 个）</translation>
    </message>
    <message>
        <source>not saved</source>
        <translation>未保存</translation>
    </message>
</context>
<context>
    <name>DataPanel</name>
    <message>
        <source>digit</source>
        <translation>数字</translation>
    </message>
    <message>
        <source>train</source>
        <translation>训练</translation>
    </message>
    <message>
        <source>test</source>
        <translation>测试</translation>
    </message>
    <message>
        <source>Data</source>
        <extracomment>MNIST was loaded: an :class:`~mnistgui.core.data.MnistData` loading, downloading or reading started (True) or ended (False) where Download fetches from, and the md5 sums it checks (None: MNIST&apos;s own)</extracomment>
        <translation>数据</translation>
    </message>
    <message>
        <source>No data loaded</source>
        <translation>尚未加载数据</translation>
    </message>
    <message>
        <source>App cache</source>
        <translation>程序缓存</translation>
    </message>
    <message>
        <source>Read MNIST from the app&apos;s cache folder ({0})</source>
        <translation>从程序的缓存文件夹读取 MNIST（{0}）</translation>
    </message>
    <message>
        <source>Folder…</source>
        <translation>文件夹…</translation>
    </message>
    <message>
        <source>Read MNIST from a folder that holds its four files (.gz or not)</source>
        <translation>从存有 MNIST 四个文件（.gz 或未压缩）的文件夹读取</translation>
    </message>
    <message>
        <source>Download</source>
        <translation>下载</translation>
    </message>
    <message>
        <source>Download MNIST (about 11 MB) into the app&apos;s cache ({0})</source>
        <translation>下载 MNIST（约 11 MB）到程序缓存（{0}）</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>Two training images of each digit</source>
        <translation>每个数字两张训练图像</translation>
    </message>
    <message>
        <source>Train on the first N images of the training set (fewer: faster runs)</source>
        <translation>只用训练集的前 N 张图像训练（越少越快）</translation>
    </message>
    <message>
        <source>Images of those held out (at random, by the seed) to validate each epoch</source>
        <translation>从中留出（按随机种子随机抽取）用于每轮验证的图像数</translation>
    </message>
    <message>
        <source>Training images</source>
        <translation>训练图像</translation>
    </message>
    <message>
        <source>Of which validation</source>
        <translation>其中验证集</translation>
    </message>
    <message>
        <source>No MNIST yet. Download it (about 11 MB), or choose a folder that holds it.</source>
        <translation>还没有 MNIST。请下载（约 11 MB），或选择存有它的文件夹。</translation>
    </message>
    <message>
        <source>Reading MNIST from {0}…</source>
        <translation>正在从 {0} 读取 MNIST…</translation>
    </message>
    <message>
        <source>Connecting…</source>
        <translation>正在连接…</translation>
    </message>
    <message>
        <source>MNIST from &lt;span style=&apos;color:{0}&apos;&gt;{1}&lt;/span&gt;</source>
        <translation>MNIST 来自 &lt;span style=&apos;color:{0}&apos;&gt;{1}&lt;/span&gt;</translation>
    </message>
    <message>
        <source>&lt;b&gt;{0}&lt;/b&gt; training · &lt;b&gt;{1}&lt;/b&gt; test images&lt;br&gt;{2}</source>
        <translation>训练图像 &lt;b&gt;{0}&lt;/b&gt; 张 · 测试图像 &lt;b&gt;{1}&lt;/b&gt; 张&lt;br&gt;{2}</translation>
    </message>
    <message>
        <source>The app&apos;s cache ({0}) holds no MNIST yet: Download it, or choose a folder that holds it.</source>
        <translation>程序缓存（{0}）中还没有 MNIST：请下载，或选择存有它的文件夹。</translation>
    </message>
    <message>
        <source>Choose the MNIST folder</source>
        <translation>选择 MNIST 文件夹</translation>
    </message>
    <message>
        <source>Cancelling…</source>
        <translation>正在取消…</translation>
    </message>
</context>
<context>
    <name>DigitCounts</name>
    <message>
        <source>Samples per digit</source>
        <extracomment>samples per digit the app suggests collecting before fine-tuning</extracomment>
        <translation>每个数字的样本数</translation>
    </message>
    <message>
        <source>Samples of each digit; about {0} of each is a good start. Every fifth sample of a digit is kept aside to measure the result.</source>
        <translation>每个数字的样本数；每个约 {0} 个就不错。每个数字每五个样本留出一个，用来衡量效果。</translation>
    </message>
</context>
<context>
    <name>DigitMap</name>
    <message>
        <source>{0} (after its ReLU)</source>
        <extracomment>MNIST test images on the map of digits.</extracomment>
        <translation>{0}（经过 ReLU 之后）</translation>
    </message>
</context>
<context>
    <name>DrawTab</name>
    <message>
        <source>Each digit of the number shows here:
the one just written, or the one clicked.</source>
        <extracomment>a new reading was shown: a :class:`Prediction`, or None for an empty canvas the user says what the drawing is, to keep it as a personal sample: (the digit, how it was said: &quot;correction&quot; from &quot;Read wrong? That&apos;s a …&quot;, &quot;unsure&quot; answering the unsure question) the user takes back the sample just kept from this drawing</extracomment>
        <translation>多位数中的每个数字会显示在这里：
刚写的那个，或被点击的那个。</translation>
    </message>
    <message>
        <source>Undo</source>
        <extracomment>&quot;digit&quot; or &quot;number&quot; (see :meth:`set_mode`) Number mode: the number as last read, the digit shown beside it, the digits kept &quot;Read wrong? That&apos;s a …&quot;: saves the drawing to the personal samples (see FinetuneTab)</extracomment>
        <translation>撤销</translation>
    </message>
    <message>
        <source>Redo</source>
        <translation>重做</translation>
    </message>
    <message>
        <source>Clear</source>
        <translation>清除</translation>
    </message>
    <message>
        <source>Clear the canvas (Esc or Delete; undoable)</source>
        <translation>清空画布（Esc 或 Delete；可撤销）</translation>
    </message>
    <message>
        <source>Paste</source>
        <translation>粘贴</translation>
    </message>
    <message>
        <source>Paste an image or strokes from the clipboard</source>
        <translation>从剪贴板粘贴图像或笔画</translation>
    </message>
    <message>
        <source>Pen</source>
        <translation>画笔</translation>
    </message>
    <message>
        <source>Draw (P)</source>
        <translation>书写（P）</translation>
    </message>
    <message>
        <source>Eraser</source>
        <translation>橡皮擦</translation>
    </message>
    <message>
        <source>Erase parts of strokes (E; or drag with the right button)</source>
        <translation>擦除部分笔画（E；或按住右键拖动）</translation>
    </message>
    <message>
        <source>Thinner pen</source>
        <translation>笔变细</translation>
    </message>
    <message>
        <source>Thinner pen ([)</source>
        <translation>笔变细（[）</translation>
    </message>
    <message>
        <source>Thicker pen</source>
        <translation>笔变粗</translation>
    </message>
    <message>
        <source>Thicker pen (])</source>
        <translation>笔变粗（]）</translation>
    </message>
    <message>
        <source>Show Preprocessing Steps</source>
        <translation>显示预处理步骤</translation>
    </message>
    <message>
        <source>Show how the drawing becomes the model&apos;s input</source>
        <translation>显示手写如何变成模型的输入</translation>
    </message>
    <message>
        <source>Digit</source>
        <translation>单个数字</translation>
    </message>
    <message>
        <source>Draw one digit on a square sheet</source>
        <translation>在方形纸上写一个数字</translation>
    </message>
    <message>
        <source>Number</source>
        <translation>多位数</translation>
    </message>
    <message>
        <source>Write a whole number on a strip: each digit is read and framed</source>
        <translation>在长条纸上写一个多位数：逐个识别并框出每个数字</translation>
    </message>
    <message>
        <source>Width</source>
        <translation>粗细</translation>
    </message>
    <message>
        <source>Pen width</source>
        <translation>笔的粗细</translation>
    </message>
    <message>
        <source>Pen width, as a share of the canvas side ([ and ])</source>
        <translation>笔的粗细，按画布边长的比例计（[ 和 ]）</translation>
    </message>
    <message>
        <source>Loading the model…
what is drawn is read as soon as it is there.</source>
        <translation>正在加载模型…
加载完成后立即识别已写的内容。</translation>
    </message>
    <message>
        <source> · read by {0}</source>
        <translation> · 由 {0} 识别</translation>
    </message>
    <message>
        <source>the model in use</source>
        <translation>当前模型</translation>
    </message>
    <message>
        <source>Image: {0}{1}</source>
        <translation>图像：{0}{1}</translation>
    </message>
    <message>
        <source>Undo {0}</source>
        <translation>撤销{0}</translation>
    </message>
    <message>
        <source>Redo {0}</source>
        <translation>重做{0}</translation>
    </message>
    <message>
        <source>Eraser size, as a share of the canvas side ([ and ]); the pen keeps its width</source>
        <translation>橡皮擦大小，按画布边长的比例计（[ 和 ]）；画笔保持原粗细</translation>
    </message>
</context>
<context>
    <name>DrawingCanvas</name>
    <message>
        <source>Write a number here</source>
        <extracomment>Background images are shown from a copy no larger than this (the model gets full resolution).</extracomment>
        <translation>在这里写一个多位数</translation>
    </message>
    <message>
        <source>Draw a digit here</source>
        <translation>在这里写一个数字</translation>
    </message>
    <message>
        <source>or open, paste or drop an image</source>
        <translation>或者打开、粘贴、拖入一张图像</translation>
    </message>
    <message>
        <source>Drawing canvas</source>
        <extracomment>The drawing changed: during a stroke (every point) and after every edit, undo and redo. The canvas changed size (the paper, and an image laid on it, are placed anew). The active tool changed (&quot;pen&quot; or &quot;eraser&quot;). The pen width changed (fraction of the canvas side). A background image was set (its name: file name, &quot;clipboard&quot; or &quot;dropped image&quot;). A file, clipboard content or drop could not be read; the message says why. The label of a mark (see :meth:`set_marks`) was clicked: its index. A strip (see :meth:`set_strip`) is at least this many times as wide as it is high. the eraser&apos;s own size (its ring&apos;s radius, canvas-relative); None: as wide as the pen</extracomment>
        <translation>手写画布</translation>
    </message>
    <message>
        <source>Clear</source>
        <translation>清除</translation>
    </message>
    <message>
        <source>Replay strokes</source>
        <translation>重放笔画</translation>
    </message>
    <message>
        <source>Open image</source>
        <translation>打开图像</translation>
    </message>
    <message>
        <source>the clipboard holds no image, image file or strokes to paste</source>
        <translation>剪贴板里没有可粘贴的图像、图像文件或笔画</translation>
    </message>
</context>
<context>
    <name>EmbeddingPage</name>
    <message>
        <source>Try again</source>
        <extracomment>&quot;Choose folder…&quot; and &quot;Download&quot; in place; the map is made once MNIST is there</extracomment>
        <translation>重试</translation>
    </message>
    <message>
        <source>The model has changed: map again</source>
        <translation>模型已更换：重新生成分布图</translation>
    </message>
    <message>
        <source>Mapping MNIST digits…</source>
        <translation>正在生成 MNIST 数字分布图…</translation>
    </message>
    <message>
        <source>Running {0} MNIST test images through the network to place them on the map. This takes a few seconds, once per model.</source>
        <translation>正在让 {0} 张 MNIST 测试图像通过网络，以确定它们在图上的位置。需要几秒钟，每个模型只做一次。</translation>
    </message>
    <message>
        <source>The map needs MNIST</source>
        <translation>分布图需要 MNIST</translation>
    </message>
    <message>
        <source>This map places your drawing among a few thousand MNIST test digits, and MNIST is not on this computer yet (looked in:{0}).&lt;br&gt;&lt;br&gt;&lt;b&gt;Download&lt;/b&gt; it (about 11 MB, saved to &lt;code&gt;{1}&lt;/code&gt;), or, if you already have the four MNIST files, choose their folder. The map is made as soon as MNIST is there.</source>
        <translation>这张图把你的手写放到几千个 MNIST 测试数字之间，但这台电脑上还没有 MNIST（已查找：{0}）。&lt;br&gt;&lt;br&gt;请&lt;b&gt;下载&lt;/b&gt;它（约 11 MB，保存到 &lt;code&gt;{1}&lt;/code&gt;）；如果你已有 MNIST 的四个文件，也可以选择它们所在的文件夹。MNIST 一到位就会生成分布图。</translation>
    </message>
    <message>
        <source>The map could not be made</source>
        <translation>无法生成分布图</translation>
    </message>
    <message>
        <source>{0} MNIST test digits, each placed by what the network&apos;s &lt;b&gt;{1}&lt;/b&gt; layer makes of it ({2} values, squeezed to two by PCA: the axes hold {3:.0f}% and {4:.0f}% of their variation). Digits the network finds alike sit together; the star is your drawing. Hover a dot to see its image. &lt;span style=&apos;color:{5}&apos;&gt;MNIST from {6}&lt;/span&gt;</source>
        <translation>{0} 个 MNIST 测试数字，各自按网络 &lt;b&gt;{1}&lt;/b&gt; 层的输出定位（{2} 个值，经 PCA 压缩为二维：两轴分别保留 {3:.0f}% 和 {4:.0f}% 的方差）。网络认为相似的数字聚在一起；星号是你的手写。鼠标悬停在点上可查看其图像。&lt;span style=&apos;color:{5}&apos;&gt;MNIST 来自 {6}&lt;/span&gt;</translation>
    </message>
    <message>
        <source>test image {0}</source>
        <translation>测试图像 {0}</translation>
    </message>
    <message>
        <source>labelled {0}</source>
        <translation>标签 {0}</translation>
    </message>
</context>
<context>
    <name>EmbeddingPlot</name>
    <message>
        <source>first principal component</source>
        <extracomment>How close (in screen pixels) the pointer must come to a dot to show its image. the pointer is over dot i (-1: none); pos is in widget pixels</extracomment>
        <translation>第一主成分</translation>
    </message>
    <message>
        <source>second principal component</source>
        <translation>第二主成分</translation>
    </message>
    <message>
        <source>your drawing</source>
        <translation>你的手写</translation>
    </message>
    <message>
        <source>your drawing: {0}</source>
        <translation>你的手写：{0}</translation>
    </message>
</context>
<context>
    <name>EvaluationMixin</name>
    <message>
        <source>That run has no stored evaluation.</source>
        <translation>这次训练没有保存的评估结果。</translation>
    </message>
    <message>
        <source>{0}: final weights, from epoch {1} (stored evaluation)</source>
        <translation>{0}：最后一轮的权重，来自第 {1} 轮（已保存的评估）</translation>
    </message>
    <message>
        <source>{0}: best weights, from epoch {1} (stored evaluation)</source>
        <translation>{0}：最佳权重，来自第 {1} 轮（已保存的评估）</translation>
    </message>
    <message>
        <source>{0}: latest weights, from epoch {1} (stored evaluation)</source>
        <translation>{0}：最新权重，来自第 {1} 轮（已保存的评估）</translation>
    </message>
    <message>
        <source>Evaluating the final weights (epoch {0}) on {1} test images…</source>
        <translation>正在用 {1} 张测试图像评估最后一轮的权重（第 {0} 轮）…</translation>
    </message>
    <message>
        <source>Evaluating the best weights (epoch {0}) on {1} test images…</source>
        <translation>正在用 {1} 张测试图像评估最佳权重（第 {0} 轮）…</translation>
    </message>
    <message>
        <source>Evaluating the latest weights (epoch {0}) on {1} test images…</source>
        <translation>正在用 {1} 张测试图像评估最新权重（第 {0} 轮）…</translation>
    </message>
    <message>
        <source>run</source>
        <translation>训练</translation>
    </message>
    <message>
        <source>{0}: final weights, from epoch {1}</source>
        <translation>{0}：最后一轮的权重，来自第 {1} 轮</translation>
    </message>
    <message>
        <source>{0}: best weights, from epoch {1}</source>
        <translation>{0}：最佳权重，来自第 {1} 轮</translation>
    </message>
    <message>
        <source>{0}: latest weights, after epoch {1}</source>
        <translation>{0}：最新权重，第 {1} 轮之后</translation>
    </message>
    <message>
        <source> (still training)</source>
        <translation>（仍在训练）</translation>
    </message>
    <message>
        <source>The evaluation could not be saved: {0}</source>
        <translation>无法保存评估结果：{0}</translation>
    </message>
    <message>
        <source>The evaluation failed.</source>
        <translation>评估失败。</translation>
    </message>
    <message>
        <source>Evaluation failed: {0}</source>
        <translation>评估失败：{0}</translation>
    </message>
</context>
<context>
    <name>EvaluationView</name>
    <message>
        <source>Not evaluated yet. A run is evaluated on the test set when it ends.</source>
        <extracomment>a test image was clicked: (28x28 float32 image, ink = 1; a name for it) &quot;Look inside&quot; was chosen for a test image (its context menu): (image, name) the user asked to evaluate now</extracomment>
        <translation>尚未评估。每次训练结束时都会在测试集上评估。</translation>
    </message>
    <message>
        <source>Evaluate now</source>
        <translation>立即评估</translation>
    </message>
    <message>
        <source>Evaluate the latest weights on the test set now (the run goes on)</source>
        <translation>立即在测试集上评估最新权重（训练继续进行）</translation>
    </message>
    <message>
        <source>Click a cell of the matrix to see its test images.</source>
        <translation>点击矩阵中的格子查看其测试图像。</translation>
    </message>
    <message>
        <source>Precision</source>
        <translation>精确率</translation>
    </message>
    <message>
        <source>Recall</source>
        <translation>召回率</translation>
    </message>
    <message>
        <source>Images</source>
        <translation>图像数</translation>
    </message>
    <message>
        <source>Test images of each digit</source>
        <translation>每个数字的测试图像数</translation>
    </message>
    <message>
        <source>Precision, recall and F1 per digit</source>
        <translation>每个数字的精确率、召回率和 F1</translation>
    </message>
    <message>
        <source>Per digit: precision (of the images read as it, how many are it), recall (of the images that are it, how many were read as it) and F1</source>
        <translation>每个数字的精确率（被认成它的图像中有多少确实是它）、召回率（确实是它的图像中有多少被认成了它）和 F1</translation>
    </message>
    <message>
        <source>Per digit (columns)</source>
        <translation>每个数字（各列）</translation>
    </message>
    <message>
        <source>test accuracy · {0:,} errors in {1:,} test images · loss {2:.4f}
{3}</source>
        <extracomment>which model&apos;s figures these are (a run and its weights)</extracomment>
        <translation>测试准确率 · {1:,} 张测试图像中错 {0:,} 张 · 损失 {2:.4f}
{3}</translation>
    </message>
    <message>
        <source>No errors. Click a cell of the matrix to see its test images.</source>
        <translation>没有错误。点击矩阵中的格子查看其测试图像。</translation>
    </message>
    <message>
        <source>{0} read as {1}</source>
        <translation>{0} 被认成 {1}</translation>
    </message>
    <message>
        <source>{0} read correctly</source>
        <translation>{0} 识别正确</translation>
    </message>
    <message>
        <source>{0}: {1} test images. Load the MNIST data (left) to see them.</source>
        <translation>{0}：{1} 张测试图像。加载 MNIST 数据（左侧）后即可查看。</translation>
    </message>
    <message>
        <source>, showing the {0} most confident</source>
        <translation>，显示把握最大的 {0} 张</translation>
    </message>
    <message>
        <source>, showing the {0} least sure</source>
        <translation>，显示把握最小的 {0} 张</translation>
    </message>
    <message>
        <source>&lt;b&gt;{0}&lt;/b&gt;: {1} test images{2}. Click one to open it in the Draw tab (right-click: look inside).</source>
        <translation>&lt;b&gt;{0}&lt;/b&gt;：{1} 张测试图像{2}。点击一张可在“手写”标签页中打开（右键：查看网络内部）。</translation>
    </message>
    <message>
        <source>Test image #{0}, a {1}
</source>
        <translation>测试图像 #{0}，数字 {1}
</translation>
    </message>
    <message>
        <source>MNIST test #{0} (a {1})</source>
        <translation>MNIST 测试 #{0}（数字 {1}）</translation>
    </message>
    <message>
        <source>Open in the Draw tab</source>
        <translation>在“手写”标签页中打开</translation>
    </message>
    <message>
        <source>Look inside the network (Inside tab)</source>
        <translation>查看网络内部（“网络内部”标签页）</translation>
    </message>
</context>
<context>
    <name>ExportDialog</name>
    <message>
        <source>Export Model</source>
        <extracomment>an export was written: (model file, preprocessing JSON) an export failed: the message shown</extracomment>
        <translation>导出模型</translation>
    </message>
    <message>
        <source>Other Checkpoint…</source>
        <translation>其他检查点…</translation>
    </message>
    <message>
        <source>Export a trained or fine-tuned model saved in a file</source>
        <translation>导出保存在文件中的已训练或已微调模型</translation>
    </message>
    <message>
        <source>ONNX (ONNX Runtime, other languages)</source>
        <translation>ONNX（ONNX Runtime，其他编程语言）</translation>
    </message>
    <message>
        <source>TorchScript (PyTorch, LibTorch in C++)</source>
        <translation>TorchScript（PyTorch，C++ 中的 LibTorch）</translation>
    </message>
    <message>
        <source>int8: about a quarter of the size, calibrated on MNIST</source>
        <translation>int8：体积约为四分之一，在 MNIST 上校准</translation>
    </message>
    <message>
        <source>Browse…</source>
        <translation>浏览…</translation>
    </message>
    <message>
        <source>Model:</source>
        <translation>模型：</translation>
    </message>
    <message>
        <source>Format:</source>
        <translation>格式：</translation>
    </message>
    <message>
        <source>Save as:</source>
        <translation>另存为：</translation>
    </message>
    <message>
        <source>A JSON file beside the model says how to feed it: the preprocessing, mean and std, input shape, class names and calibration.</source>
        <translation>模型旁会写一个 JSON 文件，说明如何为它准备输入：预处理、均值和标准差、输入形状、类别名称和校准。</translation>
    </message>
    <message>
        <source>Export</source>
        <translation>导出</translation>
    </message>
    <message>
        <source>No model yet: choose a checkpoint</source>
        <translation>还没有模型：请选择一个检查点</translation>
    </message>
    <message>
        <source>Calibrated on 1,000 training images from {0}</source>
        <translation>用来自 {0} 的 1,000 张训练图像校准</translation>
    </message>
    <message>
        <source>Export Which Checkpoint?</source>
        <translation>导出哪个检查点？</translation>
    </message>
    <message>
        <source>mnistgui models (*.pt);;All files (*)</source>
        <translation>mnistgui 模型 (*.pt);;所有文件 (*)</translation>
    </message>
    <message>
        <source>Cannot export this file</source>
        <translation>无法导出此文件</translation>
    </message>
    <message>
        <source>ONNX model (*.onnx)</source>
        <translation>ONNX 模型 (*.onnx)</translation>
    </message>
    <message>
        <source>TorchScript model (*.pt)</source>
        <translation>TorchScript 模型 (*.pt)</translation>
    </message>
    <message>
        <source>Export As</source>
        <translation>导出为</translation>
    </message>
    <message>
        <source>Where to?</source>
        <translation>导出到哪里？</translation>
    </message>
    <message>
        <source>Give the file to export to.</source>
        <translation>请指定要导出到的文件。</translation>
    </message>
    <message>
        <source>Exported</source>
        <translation>已导出</translation>
    </message>
    <message>
        <source>{0} ({1:.2f} MB)
What it expects: {2}</source>
        <translation>{0}（{1:.2f} MB）
所需输入：{2}</translation>
    </message>
    <message>
        <source>Cannot export</source>
        <translation>无法导出</translation>
    </message>
</context>
<context>
    <name>FeatureMaps</name>
    <message>
        <source>Convolution</source>
        <translation>卷积</translation>
    </message>
    <message>
        <source>Max-pooling</source>
        <translation>最大池化</translation>
    </message>
    <message>
        <source>Batch norm</source>
        <translation>批归一化</translation>
    </message>
    <message>
        <source>ReLU</source>
        <translation>ReLU</translation>
    </message>
    <message>
        <source>Fully connected</source>
        <translation>全连接</translation>
    </message>
    <message>
        <source>Softmax</source>
        <translation>Softmax</translation>
    </message>
    <message>
        <source>the input</source>
        <translation>输入</translation>
    </message>
    <message>
        <source>all {0} maps before</source>
        <translation>前一层的全部 {0} 张特征图</translation>
    </message>
    <message>
        <source>{0} filters of {1}×{1} slide over {2}; each map shows where its filter matches.</source>
        <translation>{0} 个 {1}×{1} 的卷积核在{2}上滑动；每张特征图显示其卷积核匹配的位置。</translation>
    </message>
    <message>
        <source>Keeps the strongest response in each {0}×{0} block: the maps shrink, the pattern stays.</source>
        <translation>保留每个 {0}×{0} 区块中最强的响应：特征图变小，图案保留。</translation>
    </message>
    <message>
        <source>Shifts and scales each map by statistics learned in training, so all maps share a range.</source>
        <translation>按训练中学到的统计量平移并缩放每张特征图，使所有特征图处于同一范围。</translation>
    </message>
    <message>
        <source>Sets every negative value to zero (black): only evidence for a pattern goes on.</source>
        <translation>把所有负值置零（黑色）：只有支持某个图案的证据被传下去。</translation>
    </message>
    <message>
        <source>logits, one per digit</source>
        <translation>logits，每个数字一个</translation>
    </message>
    <message>
        <source>{0} units</source>
        <translation>{0} 个单元</translation>
    </message>
    <message>
        <source>Every unit weighs all {0} values before it; gives {1}.</source>
        <translation>每个单元对前面全部 {0} 个值加权求和；输出 {1}。</translation>
    </message>
    <message>
        <source>Turns the logits into probabilities that add up to 100%.</source>
        <translation>把 logits 变成总和为 100% 的概率。</translation>
    </message>
    <message>
        <source>{0} maps of {1}×{2}</source>
        <translation>{0} 张 {1}×{2} 的特征图</translation>
    </message>
    <message>
        <source>{0} values</source>
        <translation>{0} 个值</translation>
    </message>
</context>
<context>
    <name>FeatureMapsPage</name>
    <message>
        <source>Colour scale</source>
        <translation>色标</translation>
    </message>
    <message>
        <source>Each map</source>
        <translation>每张图</translation>
    </message>
    <message>
        <source>Every map uses its own colour range: faint patterns show up</source>
        <translation>每张特征图使用各自的颜色范围：微弱的图案也能显现</translation>
    </message>
    <message>
        <source>Whole layer</source>
        <translation>整层</translation>
    </message>
    <message>
        <source>All maps of a layer share one colour range: strong maps stand out</source>
        <translation>同一层的所有特征图共用一个颜色范围：响应强的特征图更突出</translation>
    </message>
    <message>
        <source>Hover a map for its values · click to enlarge it</source>
        <translation>悬停查看数值 · 点击放大</translation>
    </message>
</context>
<context>
    <name>FinetunePanel</name>
    <message>
        <source>Replay (recommended)</source>
        <translation>回放（推荐）</translation>
    </message>
    <message>
        <source>Everything, gently</source>
        <translation>全部层，轻微调整</translation>
    </message>
    <message>
        <source>Head only</source>
        <translation>仅分类头</translation>
    </message>
    <message>
        <source>tune every layer gently, mixing MNIST into each batch so nothing is forgotten (default)</source>
        <extracomment>the core&apos;s descriptions of the strategies (mnistgui.core.finetune), as the interface says them</extracomment>
        <translation>轻微调整每一层，并在每批中混入 MNIST，以免遗忘已学的内容（默认）</translation>
    </message>
    <message>
        <source>tune every layer gently on your samples only</source>
        <translation>只用你的样本轻微调整每一层</translation>
    </message>
    <message>
        <source>keep the convolutional layers, retrain only the fully connected head</source>
        <translation>保留卷积层，只重新训练全连接分类头</translation>
    </message>
    <message>
        <source>Loading MNIST…</source>
        <extracomment>the stages the fine-tuning job reports (mnistgui.core.jobs), as the interface says them</extracomment>
        <translation>正在加载 MNIST…</translation>
    </message>
    <message>
        <source>Fine-tuning…</source>
        <translation>正在微调…</translation>
    </message>
    <message>
        <source>Measuring the base and the fine-tuned model on MNIST&apos;s test set…</source>
        <translation>正在 MNIST 测试集上评估基础模型和微调后的模型…</translation>
    </message>
    <message>
        <source>Measuring the base and the fine-tuned model…</source>
        <translation>正在评估基础模型和微调后的模型…</translation>
    </message>
    <message>
        <source>Saving the new version…</source>
        <translation>正在保存新版本…</translation>
    </message>
    <message>
        <source>Saving…</source>
        <translation>正在保存…</translation>
    </message>
    <message>
        <source>Measuring on your writing: fine-tune {0} of {1}, each leaving 1/{1} of your samples out to read…</source>
        <translation>正在用你的笔迹评估：第 {0} 次微调（共 {1} 次），每次留出 1/{1} 的样本用来识别…</translation>
    </message>
    <message>
        <source>Your training samples</source>
        <extracomment>fewer than this many samples of a digit is flagged before a run</extracomment>
        <translation>你的训练样本</translation>
    </message>
    <message>
        <source>Your held-out samples</source>
        <translation>你的留出样本</translation>
    </message>
    <message>
        <source>MNIST validation</source>
        <translation>MNIST 验证集</translation>
    </message>
    <message>
        <source>Starting point</source>
        <extracomment>a run ended: the :class:`JobDone` (also when it was stopped) something to tell the user: (title, text, is_warning) the settings a run starts from (strategy and steps come from the controls); tests and quick checks may replace it, e.g. with fewer steps</extracomment>
        <translation>起点</translation>
    </message>
    <message>
        <source>Strategy</source>
        <translation>策略</translation>
    </message>
    <message>
        <source>Steps</source>
        <translation>步数</translation>
    </message>
    <message>
        <source>Batches of your samples to train on; 150 suits about 10 samples a digit</source>
        <translation>用你的样本训练的批数；每个数字约 10 个样本时 150 比较合适</translation>
    </message>
    <message>
        <source>batches, augmented</source>
        <translation>批，带数据增强</translation>
    </message>
    <message>
        <source>MNIST</source>
        <translation>MNIST</translation>
    </message>
    <message>
        <source>Fine-tune</source>
        <extracomment>&quot;Choose folder…&quot; and &quot;Download&quot;, in place (the app&apos;s one MNIST folder) Head only was chosen for the user because MNIST was missing: Replay comes back with it</extracomment>
        <translation>微调</translation>
    </message>
    <message>
        <source>Fine-tune the model in use on your samples</source>
        <translation>用你的样本微调当前模型</translation>
    </message>
    <message>
        <source>Stop</source>
        <translation>停止</translation>
    </message>
    <message>
        <source>Stop now; nothing is saved</source>
        <translation>立即停止；不保存任何内容</translation>
    </message>
    <message>
        <source>Accuracy at each step:&amp;nbsp;&amp;nbsp; </source>
        <translation>每一步的准确率：&amp;nbsp;&amp;nbsp; </translation>
    </message>
    <message>
        <source>Before and after</source>
        <translation>前后对比</translation>
    </message>
    <message>
        <source>Roll back</source>
        <translation>回退</translation>
    </message>
    <message>
        <source>Go back to the model this fine-tune started from</source>
        <translation>回到这次微调开始时的模型</translation>
    </message>
    <message>
        <source>When a fine-tune finishes, the base model and the fine-tuned one are measured side by side here: on your held-out samples (overall and per digit) and on MNIST&apos;s test set.</source>
        <translation>微调结束后，基础模型和微调后的模型会在这里并排比较：在你的留出样本上（总体及每个数字）和在 MNIST 测试集上。</translation>
    </message>
    <message>
        <source>The sample collection cannot be opened.</source>
        <translation>无法打开样本库。</translation>
    </message>
    <message>
        <source>Collect some samples first: every fifth of each digit is held out, so at least one other is needed to train on.</source>
        <translation>请先采集一些样本：每个数字每五个留出一个，所以至少还需要一个用来训练。</translation>
    </message>
    <message>
        <source>Replay needs MNIST to mix in. Choose the MNIST folder, or the &apos;Head only&apos; strategy.</source>
        <translation>“回放”需要混入 MNIST。请选择 MNIST 文件夹，或改用“仅分类头”策略。</translation>
    </message>
    <message>
        <source>There is no model to start from.</source>
        <translation>没有可作为起点的模型。</translation>
    </message>
    <message>
        <source>the model in use</source>
        <translation>当前模型</translation>
    </message>
    <message>
        <source>Starting: {0}, {1} steps on {2} samples…</source>
        <translation>开始：{0}，在 {2} 个样本上训练 {1} 步…</translation>
    </message>
    <message>
        <source> · MNIST test {0}</source>
        <translation> · MNIST 测试 {0}</translation>
    </message>
    <message>
        <source>&lt;b&gt;{0}&lt;/b&gt;{1}&lt;br&gt;&lt;span style=&apos;color:{2}&apos;&gt;the model the Draw tab reads with; the result is saved as a new version&lt;/span&gt;</source>
        <translation>&lt;b&gt;{0}&lt;/b&gt;{1}&lt;br&gt;&lt;span style=&apos;color:{2}&apos;&gt;“手写”标签页正在使用的模型；结果会另存为一个新版本&lt;/span&gt;</translation>
    </message>
    <message>
        <source>Before ({0})</source>
        <translation>之前（{0}）</translation>
    </message>
    <message>
        <source>After ({0})</source>
        <translation>之后（{0}）</translation>
    </message>
    <message>
        <source>as measured when &lt;b&gt;{0}&lt;/b&gt; was made</source>
        <translation>创建 &lt;b&gt;{0}&lt;/b&gt; 时测得</translation>
    </message>
    <message>
        <source>{0} samples of yours: {1} to train on, {2} held out to measure the result.</source>
        <translation>你的样本共 {0} 个：{1} 个用于训练，{2} 个留出用于衡量效果。</translation>
    </message>
    <message>
        <source>No samples yet: collect some on the Collect page first.</source>
        <translation>还没有样本：请先在“采集”页采集一些。</translation>
    </message>
    <message>
        <source> Fewer than {0} of: {1}.</source>
        <translation>少于 {0} 个的数字：{1}。</translation>
    </message>
    <message>
        <source>, </source>
        <translation>、</translation>
    </message>
    <message>
        <source> Too few are held out to measure the result on (every fifth sample of a digit is), so it is measured by {0}-fold cross-validation instead: {0} more fine-tunes, each reading the samples it left out.</source>
        <translation>留出的样本太少（每个数字每五个留出一个），不足以衡量效果，所以改用 {0} 折交叉验证：再做 {0} 次微调，每次识别它留出的样本。</translation>
    </message>
    <message>
        <source>the app&apos;s download folder</source>
        <translation>程序的下载文件夹</translation>
    </message>
    <message>
        <source>&lt;span style=&apos;color:#15803d&apos;&gt;✓&lt;/span&gt; Found in {0}. Replay mixes it into every batch, and the result is measured on its test set.</source>
        <translation>&lt;span style=&apos;color:#15803d&apos;&gt;✓&lt;/span&gt; 已在{0}中找到。“回放”会把它混入每一批，并在其测试集上衡量效果。</translation>
    </message>
    <message>
        <source>&lt;span style=&apos;color:{0}&apos;&gt;Not found&lt;/span&gt; in {1}. Replay needs it to keep the model reading everyone else&apos;s digits; &lt;b&gt;Head only&lt;/b&gt; works without it. Choose the folder that holds MNIST, or download it (about 11 MB).</source>
        <translation>在{1}中&lt;span style=&apos;color:{0}&apos;&gt;未找到&lt;/span&gt;。“回放”需要它，才能让模型继续认得其他人写的数字；&lt;b&gt;仅分类头&lt;/b&gt;不需要它。请选择存有 MNIST 的文件夹，或下载（约 11 MB）。</translation>
    </message>
    <message>
        <source>Needs MNIST (see below).</source>
        <translation>需要 MNIST（见下方）。</translation>
    </message>
    <message>
        <source>Stopping…</source>
        <translation>正在停止…</translation>
    </message>
    <message>
        <source>the previous model</source>
        <translation>上一个模型</translation>
    </message>
    <message>
        <source>Rolled back: reading with {0}</source>
        <translation>已回退：正在用 {0} 识别</translation>
    </message>
    <message>
        <source>Step {0} of {1} · {2} s</source>
        <translation>第 {0} 步，共 {1} 步 · {2} 秒</translation>
    </message>
    <message>
        <source>Stopped: nothing was saved; the model in use is unchanged.</source>
        <translation>已停止：没有保存任何内容；当前模型不变。</translation>
    </message>
    <message>
        <source>Done in {0} s. Saved as {1}</source>
        <translation>用时 {0} 秒完成。已保存为 {1}</translation>
    </message>
    <message>
        <source>, now reading your drawings in the Draw tab.</source>
        <translation>，现在由它识别“手写”标签页中的手写。</translation>
    </message>
    <message>
        <source>.</source>
        <translation>。</translation>
    </message>
    <message>
        <source>Fine-tuning failed: {0}</source>
        <translation>微调失败：{0}</translation>
    </message>
</context>
<context>
    <name>FinetuneTab</name>
    <message>
        <source>Collect</source>
        <translation>采集</translation>
    </message>
    <message>
        <source>Samples</source>
        <translation>样本</translation>
    </message>
    <message>
        <source>Fine-tune</source>
        <translation>微调</translation>
    </message>
    <message>
        <source>Models</source>
        <translation>模型</translation>
    </message>
    <message>
        <source>Draw and label samples of your handwriting</source>
        <extracomment>read with this model from now on: (Predictor, checkpoint path or &quot;&quot;) the last message shown to the user (a non-blocking box), for tests and scripts</extracomment>
        <translation>书写并标注你的手写样本</translation>
    </message>
    <message>
        <source>Browse, relabel, delete, import and export</source>
        <translation>浏览、改标、删除、导入和导出</translation>
    </message>
    <message>
        <source>Adapt the model to your samples</source>
        <translation>让模型适应你的样本</translation>
    </message>
    <message>
        <source>Switch between, compare and roll back models</source>
        <translation>切换、比较和回退模型</translation>
    </message>
    <message>
        <source>Your handwriting</source>
        <translation>你的手写</translation>
    </message>
    <message>
        <source>Your samples cannot be opened</source>
        <translation>无法打开你的样本</translation>
    </message>
    <message>
        <source>Your samples were damaged</source>
        <translation>你的样本已损坏</translation>
    </message>
    <message>
        <source>there is nothing the model could read to save</source>
        <translation>没有模型能读取的内容可保存</translation>
    </message>
    <message>
        <source>Not saved: {0}</source>
        <translation>未保存：{0}</translation>
    </message>
    <message numerus="yes">
        <source>Saved the drawing as a {0} in your samples (%n of them); fine-tune on them in the Fine-tune tab</source>
        <translation>
            <numerusform>已把手写存为样本 {0}（现有 %n 个）；可在“微调”标签页用它们微调</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n sample(s) · {0}–{1} per digit</source>
        <translation>
            <numerusform>%n 个样本 · 每个数字 {0}–{1} 个</numerusform>
        </translation>
    </message>
    <message>
        <source>No samples yet</source>
        <translation>还没有样本</translation>
    </message>
    <message>
        <source>Model library</source>
        <translation>模型库</translation>
    </message>
    <message>
        <source>it was changed since: undo it on the Samples page</source>
        <translation>之后已有改动：请在“样本”页撤销</translation>
    </message>
    <message>
        <source>Taken back out of your samples</source>
        <translation>已从样本中收回</translation>
    </message>
</context>
<context>
    <name>Help</name>
    <message>
        <source>Draw</source>
        <translation>手写</translation>
    </message>
    <message>
        <source>Write a digit on the paper with the mouse, a pen or a finger: the network reads it as you write. &lt;i&gt;Show the steps&lt;/i&gt; shows the 28×28 image it actually sees. Read wrong? Click the right digit under &lt;i&gt;That&apos;s a&lt;/i&gt; to keep your drawing as a sample.</source>
        <translation>用鼠标、手写笔或手指在纸上写一个数字：网络边写边识别。&lt;i&gt;显示步骤&lt;/i&gt;会展示它实际看到的 28×28 图像。认错了？在&lt;i&gt;其实是&lt;/i&gt;下面点击正确的数字，把你的手写保留为样本。</translation>
    </message>
    <message>
        <source>Train</source>
        <translation>训练</translation>
    </message>
    <message>
        <source>Train a network of your own on MNIST: press &lt;b&gt;Download&lt;/b&gt; (about 11 MB) or choose a folder that holds it, then &lt;b&gt;Start&lt;/b&gt;. The curves grow as it learns; Pause, Stop and Continue whenever you like. &lt;i&gt;Evaluation&lt;/i&gt; shows which digits it confuses; click a cell, then an image, to read it in the Draw tab.</source>
        <translation>在 MNIST 上训练一个属于你自己的网络：点击&lt;b&gt;下载&lt;/b&gt;（约 11 MB）或选择存有它的文件夹，然后点击&lt;b&gt;开始&lt;/b&gt;。曲线随着学习不断延伸；随时可以暂停、停止和接着训练。&lt;i&gt;评估&lt;/i&gt;显示它容易混淆哪些数字；点击一个格子，再点击一张图像，即可在“手写”标签页中识别它。</translation>
    </message>
    <message>
        <source>Fine-tune</source>
        <translation>微调</translation>
    </message>
    <message>
        <source>Teach the model your handwriting: &lt;i&gt;Collect&lt;/i&gt; about ten of each digit, then &lt;i&gt;Fine-tune&lt;/i&gt;. The report compares the model before and after on samples of yours it did not train on; &lt;i&gt;Models&lt;/i&gt; switches or rolls back.</source>
        <translation>让模型学会你的笔迹：每个数字&lt;i&gt;采集&lt;/i&gt;约十个，然后&lt;i&gt;微调&lt;/i&gt;。报告会在它没训练过的你的样本上比较微调前后的模型；&lt;i&gt;模型&lt;/i&gt;页可以切换或回退。</translation>
    </message>
    <message>
        <source>Inside</source>
        <translation>网络内部</translation>
    </message>
    <message>
        <source>Look inside the network for the digit you draw: each layer&apos;s feature maps, the kernels, which pixels mattered (saliency), a map of MNIST digits with yours on it, and how the reading holds up as the digit is shifted, turned or thickened.</source>
        <translation>看看网络内部如何处理你写的数字：每一层的特征图、卷积核、哪些像素起了作用（显著性）、一张标有你手写的 MNIST 数字分布图，以及数字被平移、旋转或加粗时识别结果是否稳定。</translation>
    </message>
    <message>
        <source>mnistgui has four tabs, each one step further into the network:</source>
        <translation>mnistgui 有四个标签页，一步步深入网络：</translation>
    </message>
    <message>
        <source>Help &gt; Keyboard Shortcuts lists the keys. Your drawings, samples, runs and models stay on this computer.</source>
        <translation>“帮助 &gt; 键盘快捷键”列出了所有按键。你的手写、样本、训练记录和模型都只保存在这台电脑上。</translation>
    </message>
    <message>
        <source>Show the {0} tab</source>
        <translation>显示“{0}”标签页</translation>
    </message>
    <message>
        <source>Right button drag</source>
        <translation>按住右键拖动</translation>
    </message>
    <message>
        <source>Erase, on any canvas</source>
        <translation>在任何画布上擦除</translation>
    </message>
</context>
<context>
    <name>ImageGallery</name>
    <message>
        <source>Test images of the chosen cell</source>
        <translation>所选格子的测试图像</translation>
    </message>
</context>
<context>
    <name>ImportReportDialog</name>
    <message>
        <source>Import finished</source>
        <translation>导入完成</translation>
    </message>
    <message>
        <source>Nothing imported</source>
        <translation>没有导入任何样本</translation>
    </message>
    <message numerus="yes">
        <source>Imported %n sample(s) from &lt;b&gt;{0}&lt;/b&gt;.</source>
        <translation>
            <numerusform>已从 &lt;b&gt;{0}&lt;/b&gt; 导入 %n 个样本。</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Skipped %n item(s) that could not be used; everything else was imported:</source>
        <translation>
            <numerusform>跳过了 %n 个无法使用的项目；其余均已导入：</numerusform>
        </translation>
    </message>
    <message>
        <source>Item</source>
        <translation>项目</translation>
    </message>
    <message>
        <source>Why it was skipped</source>
        <translation>跳过原因</translation>
    </message>
    <message>
        <source>Imported samples are in the gallery; Undo removes them all again.</source>
        <translation>导入的样本已在样本库中；撤销可将它们全部移除。</translation>
    </message>
</context>
<context>
    <name>InputPanel</name>
    <message>
        <source>&lt;b&gt;Your drawing&lt;/b&gt;</source>
        <translation>&lt;b&gt;你的手写&lt;/b&gt;</translation>
    </message>
    <message>
        <source>Undo</source>
        <translation>撤销</translation>
    </message>
    <message>
        <source>Undo the last change (Ctrl+Z)</source>
        <translation>撤销上一次修改（Ctrl+Z）</translation>
    </message>
    <message>
        <source>Clear</source>
        <translation>清除</translation>
    </message>
    <message>
        <source>Clear the drawing (Esc)</source>
        <translation>清空手写（Esc）</translation>
    </message>
    <message>
        <source>Draw here, or in the Draw tab: it is the same drawing</source>
        <translation>在这里或“手写”标签页中书写：两处是同一幅手写</translation>
    </message>
    <message>
        <source>Back to the drawing</source>
        <translation>回到手写</translation>
    </message>
    <message>
        <source>The 28×28 image the network reads</source>
        <translation>网络读取的 28×28 图像</translation>
    </message>
    <message>
        <source>Hover a unit to see the part of the input it looks at</source>
        <translation>悬停在单元上，查看它关注的输入区域</translation>
    </message>
    <message>
        <source>Input · 28×28</source>
        <translation>输入 · 28×28</translation>
    </message>
    <message>
        <source>Heat map</source>
        <translation>热力图</translation>
    </message>
    <message>
        <source>Heat map over the input and the drawing</source>
        <translation>叠加在输入和手写上的热力图</translation>
    </message>
    <message>
        <source>Lay a saliency map over the input and over your drawing</source>
        <translation>把显著性图叠加在输入和你的手写上</translation>
    </message>
    <message>
        <source>Click a map on the Layers page to enlarge it here.</source>
        <translation>在“逐层”页点击一张特征图，即可在此放大。</translation>
    </message>
    <message>
        <source>&lt;span style=&apos;color:{0}&apos;&gt;Nothing drawn yet&lt;/span&gt;</source>
        <translation>&lt;span style=&apos;color:{0}&apos;&gt;尚未书写&lt;/span&gt;</translation>
    </message>
    <message>
        <source>&lt;span style=&apos;color:{0}&apos;&gt;Reads {1}&lt;/span&gt;&amp;nbsp;&amp;nbsp;&lt;span style=&apos;color:{2}; font-weight:400&apos;&gt;{3:.1f}%&lt;/span&gt;</source>
        <translation>&lt;span style=&apos;color:{0}&apos;&gt;识别为 {1}&lt;/span&gt;&amp;nbsp;&amp;nbsp;&lt;span style=&apos;color:{2}; font-weight:400&apos;&gt;{3:.1f}%&lt;/span&gt;</translation>
    </message>
    <message>
        <source>&lt;span style=&apos;color:#b7791f&apos;&gt;■&lt;/span&gt; The {0}×{1} input pixels seen by {2}.</source>
        <translation>&lt;span style=&apos;color:#b7791f&apos;&gt;■&lt;/span&gt; {2}所看到的 {0}×{1} 个输入像素。</translation>
    </message>
</context>
<context>
    <name>InsideTab</name>
    <message>
        <source>Layers</source>
        <extracomment>The pages, as code and tests name them, with their titles.</extracomment>
        <translation>逐层</translation>
    </message>
    <message>
        <source>Convolution</source>
        <translation>卷积</translation>
    </message>
    <message>
        <source>Kernels</source>
        <translation>卷积核</translation>
    </message>
    <message>
        <source>Saliency</source>
        <translation>显著性</translation>
    </message>
    <message>
        <source>Map of digits</source>
        <translation>数字分布图</translation>
    </message>
    <message>
        <source>Robustness</source>
        <translation>稳健性</translation>
    </message>
    <message>
        <source>Summary</source>
        <translation>概要</translation>
    </message>
    <message>
        <source>Draw a digit on the left (or in the Draw tab) and watch it go through the network, layer by layer.</source>
        <extracomment>a refresh has been drawn (tests and benchmarks wait on it) the map of digits is ready (or could not be made: see ``embedding_error``)</extracomment>
        <translation>在左侧（或“手写”标签页）写一个数字，看它如何逐层通过网络。</translation>
    </message>
    <message>
        <source>Showing &lt;b&gt;{0}&lt;/b&gt;, not your drawing.</source>
        <translation>正在显示&lt;b&gt;{0}&lt;/b&gt;，而不是你的手写。</translation>
    </message>
    <message>
        <source>an image</source>
        <translation>一张图像</translation>
    </message>
    <message>
        <source>the prediction</source>
        <translation>预测结果</translation>
    </message>
    <message>
        <source>the chosen digit</source>
        <translation>所选数字</translation>
    </message>
    <message>
        <source>{0} for &lt;b&gt;{1}&lt;/b&gt; ({2}): warm marks what raised its score. Pick the digit on the Saliency page.</source>
        <translation>&lt;b&gt;{1}&lt;/b&gt;（{2}）的 {0}：暖色标出提高其得分的部分。可在“显著性”页选择数字。</translation>
    </message>
    <message>
        <source>this unit</source>
        <translation>这个单元</translation>
    </message>
    <message>
        <source>its strongest unit</source>
        <translation>最强单元</translation>
    </message>
    <message>
        <source>{0} · map {1} · {2}×{3}</source>
        <translation>{0} · 特征图 {1} · {2}×{3}</translation>
    </message>
    <message>
        <source>{0} of {1} map {2}: row {3}, column {4}, value {5}</source>
        <translation>{1} 特征图 {2} 中{0}（第 {3} 行，第 {4} 列，值 {5}）</translation>
    </message>
    <message>
        <source>{0} · map {1}</source>
        <translation>{0} · 特征图 {1}</translation>
    </message>
    <message>
        <source>MNIST not found</source>
        <translation>未找到 MNIST</translation>
    </message>
</context>
<context>
    <name>KernelsPage</name>
    <message>
        <source>Convolution layer</source>
        <extracomment>(layer, input channel) now shown</extracomment>
        <translation>卷积层</translation>
    </message>
    <message>
        <source>Input map</source>
        <translation>输入特征图</translation>
    </message>
    <message>
        <source>A deeper layer has one kernel per input map: pick which input map</source>
        <translation>较深的层对每张输入特征图各有一个卷积核：选择哪张输入特征图</translation>
    </message>
    <message>
        <source>reading input map</source>
        <translation>读取输入特征图</translation>
    </message>
    <message>
        <source>Layer</source>
        <translation>层</translation>
    </message>
    <message>
        <source>Hover a kernel to read its weights</source>
        <translation>悬停在卷积核上查看其权重</translation>
    </message>
    <message>
        <source>&lt;b&gt;Weights of each layer&lt;/b&gt;</source>
        <translation>&lt;b&gt;各层的权重&lt;/b&gt;</translation>
    </message>
    <message>
        <source>How many weights take each value. Training spreads them out from their small random start; most stay near zero.</source>
        <translation>各个取值上的权重个数。训练使它们从很小的随机初值逐渐散开；大多数仍在零附近。</translation>
    </message>
    <message>
        <source> reading input map {0} of {1}</source>
        <translation>，读取第 {0} 张输入特征图（共 {1} 张）</translation>
    </message>
    <message>
        <source>&lt;b&gt;{0}&lt;/b&gt;&amp;nbsp;&amp;nbsp;&lt;span style=&apos;color:{1}&apos;&gt;{2} kernels of {3}{4}&lt;/span&gt;</source>
        <translation>&lt;b&gt;{0}&lt;/b&gt;&amp;nbsp;&amp;nbsp;&lt;span style=&apos;color:{1}&apos;&gt;{2} 个 {3} 卷积核{4}&lt;/span&gt;</translation>
    </message>
    <message>
        <source>Each of the {0} maps of {1} adds up {2} kernels, one per map it reads. These are the ones applied to input map {3}: orange weights reward brightness there, blue ones penalise it.</source>
        <translation>{1} 的 {0} 张特征图各由 {2} 个卷积核累加而成，每张输入特征图一个。这里显示的是作用于第 {3} 张输入特征图的卷积核：橙色权重奖励该处的亮度，蓝色权重则惩罚它。</translation>
    </message>
    <message>
        <source>Each kernel is a {0} pattern slid over the image: orange weights reward ink, blue ones penalise it. Many are edge and stroke detectors.</source>
        <translation>每个卷积核是一个在图像上滑动的 {0} 图案：橙色权重奖励笔迹，蓝色权重惩罚笔迹。很多卷积核是边缘和笔画检测器。</translation>
    </message>
    <message>
        <source>{0}: {1:,} weights from {2:+.3f} to {3:+.3f}</source>
        <translation>{0}：{1:,} 个权重，范围 {2:+.3f} 到 {3:+.3f}</translation>
    </message>
    <message>
        <source>kernel {0}  ·  row {1}, column {2}  ·  &lt;span style=&apos;color:{3}&apos;&gt;weight {4:+.4f}&lt;/span&gt;</source>
        <translation>卷积核 {0}  ·  第 {1} 行，第 {2} 列  ·  &lt;span style=&apos;color:{3}&apos;&gt;权重 {4:+.4f}&lt;/span&gt;</translation>
    </message>
</context>
<context>
    <name>LayerCard</name>
    <message>
        <source>This layer&apos;s output: </source>
        <extracomment>the pointer is over a unit: (layer, map, y, x); map -1 when it left. For vectors y = x = 0. a map was clicked: (layer, map, y, x)</extracomment>
        <translation>这一层的输出：</translation>
    </message>
    <message>
        <source>Hover a map to read its values; click one to enlarge it</source>
        <translation>悬停在特征图上查看数值；点击可放大</translation>
    </message>
    <message>
        <source>map {0}  ·  row {1}, column {2}  ·  value {3}</source>
        <translation>特征图 {0}  ·  第 {1} 行，第 {2} 列  ·  值 {3}</translation>
    </message>
    <message>
        <source>digit {0}  ·  probability {1}</source>
        <translation>数字 {0}  ·  概率 {1}</translation>
    </message>
    <message>
        <source>digit {0}  ·  logit {1}</source>
        <translation>数字 {0}  ·  logit {1}</translation>
    </message>
    <message>
        <source>unit {0}  ·  value {1}</source>
        <translation>单元 {0}  ·  值 {1}</translation>
    </message>
</context>
<context>
    <name>MainMenus</name>
    <message>
        <source>Images ({0});;All files (*)</source>
        <translation>图像 ({0});;所有文件 (*)</translation>
    </message>
    <message>
        <source>mnistgui models (*.pt);;All files (*)</source>
        <translation>mnistgui 模型 (*.pt);;所有文件 (*)</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>文件(&amp;F)</translation>
    </message>
    <message>
        <source>Open &amp;Model…</source>
        <translation>打开模型(&amp;M)…</translation>
    </message>
    <message>
        <source>Read with another checkpoint</source>
        <translation>改用另一个检查点识别</translation>
    </message>
    <message>
        <source>&amp;Open Image…</source>
        <translation>打开图像(&amp;O)…</translation>
    </message>
    <message>
        <source>Read a digit from a PNG, JPEG or BMP image</source>
        <translation>识别 PNG、JPEG 或 BMP 图像中的数字</translation>
    </message>
    <message>
        <source>&amp;Export Model…</source>
        <translation>导出模型(&amp;E)…</translation>
    </message>
    <message>
        <source>Save the model as ONNX or TorchScript, float or int8, for use elsewhere</source>
        <translation>把模型存为 ONNX 或 TorchScript（浮点或 int8），供其他程序使用</translation>
    </message>
    <message>
        <source>&amp;Save Drawing…</source>
        <translation>保存手写(&amp;S)…</translation>
    </message>
    <message>
        <source>Save the drawing as a stroke file (.json) or a PNG image</source>
        <translation>把手写存为笔画文件（.json）或 PNG 图像</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>退出(&amp;Q)</translation>
    </message>
    <message>
        <source>&amp;Edit</source>
        <translation>编辑(&amp;E)</translation>
    </message>
    <message>
        <source>Back to the Previous Model</source>
        <translation>回到上一个模型</translation>
    </message>
    <message>
        <source>Undo the last switch of model</source>
        <translation>撤销上一次模型切换</translation>
    </message>
    <message>
        <source>Forward to the Next Model</source>
        <translation>前进到下一个模型</translation>
    </message>
    <message>
        <source>Redo the switch of model that was undone</source>
        <translation>重做被撤销的模型切换</translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation>视图(&amp;V)</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>帮助(&amp;H)</translation>
    </message>
    <message>
        <source>&amp;Getting Started</source>
        <translation>入门(&amp;G)</translation>
    </message>
    <message>
        <source>What each tab does, and where to begin</source>
        <translation>各标签页的用途，以及从哪里开始</translation>
    </message>
    <message>
        <source>&amp;Keyboard Shortcuts</source>
        <translation>键盘快捷键(&amp;K)</translation>
    </message>
    <message>
        <source>Every key the window answers to</source>
        <translation>窗口响应的所有按键</translation>
    </message>
    <message>
        <source>&amp;About mnistgui</source>
        <translation>关于 mnistgui(&amp;A)</translation>
    </message>
    <message>
        <source>&amp;Language</source>
        <translation>语言(&amp;L)</translation>
    </message>
    <message>
        <source>System language</source>
        <translation>跟随系统</translation>
    </message>
    <message>
        <source>Back to {0}</source>
        <translation>回到 {0}</translation>
    </message>
    <message>
        <source>Forward to {0}</source>
        <translation>前进到 {0}</translation>
    </message>
    <message>
        <source>The language changes when mnistgui starts again</source>
        <translation>界面语言将在下次启动 mnistgui 时更改</translation>
    </message>
    <message>
        <source>Open Model</source>
        <translation>打开模型</translation>
    </message>
    <message>
        <source>Open Image</source>
        <translation>打开图像</translation>
    </message>
    <message>
        <source>Save Drawing</source>
        <translation>保存手写</translation>
    </message>
    <message>
        <source>Stroke file (*.json);;PNG image (*.png)</source>
        <translation>笔画文件 (*.json);;PNG 图像 (*.png)</translation>
    </message>
    <message>
        <source>Getting started</source>
        <translation>入门</translation>
    </message>
    <message>
        <source>Keyboard shortcuts</source>
        <translation>键盘快捷键</translation>
    </message>
    <message>
        <source>About mnistgui</source>
        <translation>关于 mnistgui</translation>
    </message>
    <message>
        <source>&lt;b&gt;mnistgui {0}&lt;/b&gt;&lt;p&gt;Draw digits and watch a small convolutional network read them; train and fine-tune it on MNIST, and look inside.&lt;/p&gt;&lt;p&gt;Keys: P pen, E eraser, [ and ] pen width, Esc clear, Ctrl+Z undo, Ctrl+Shift+Z redo, Ctrl+V paste, S preprocessing steps, Ctrl+1…4 tabs.&lt;/p&gt;</source>
        <translation>&lt;b&gt;mnistgui {0}&lt;/b&gt;&lt;p&gt;手写数字识别：写下数字，看一个小型卷积神经网络如何识别它；在 MNIST 上训练和微调它，并观察它的内部。&lt;/p&gt;&lt;p&gt;快捷键：P 画笔，E 橡皮擦，[ 和 ] 调整笔的粗细，Esc 清空，Ctrl+Z 撤销，Ctrl+Shift+Z 重做，Ctrl+V 粘贴，S 预处理步骤，Ctrl+1…4 切换标签页。&lt;/p&gt;</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>Draw</source>
        <extracomment>Tab names as the command line (``--tab``) and the settings know them, with their titles. (The titles are English: :func:`tab_title` gives them in the interface&apos;s language.)</extracomment>
        <translation>手写</translation>
    </message>
    <message>
        <source>Train</source>
        <translation>训练</translation>
    </message>
    <message>
        <source>Fine-tune</source>
        <translation>微调</translation>
    </message>
    <message>
        <source>Inside</source>
        <translation>网络内部</translation>
    </message>
    <message>
        <source>Loading model…</source>
        <extracomment>every tab&apos;s page has been built (once, whichever way they were) the model asked for with :meth:`load_model` is loaded and reading the model asked for with :meth:`load_model` could not be loaded: the message the last message shown to the user (a non-blocking box), for tests and scripts</extracomment>
        <translation>正在加载模型…</translation>
    </message>
    <message>
        <source>Cannot open the model</source>
        <translation>无法打开模型</translation>
    </message>
    <message>
        <source>Reading with {0}</source>
        <translation>正在用 {0} 识别</translation>
    </message>
    <message>
        <source> (strokes only: the background image is not part of a stroke file)</source>
        <translation>（仅笔画：背景图像不包含在笔画文件中）</translation>
    </message>
    <message>
        <source>{0}: save as .json (strokes) or .png (image)</source>
        <translation>{0}：请保存为 .json（笔画）或 .png（图像）</translation>
    </message>
    <message>
        <source>Cannot save the drawing</source>
        <translation>无法保存手写</translation>
    </message>
    <message>
        <source>Saved {0}{1}</source>
        <translation>已保存 {0}{1}</translation>
    </message>
    <message>
        <source>No model</source>
        <translation>没有模型</translation>
    </message>
    <message>
        <source>Model: {0}</source>
        <translation>模型：{0}</translation>
    </message>
    <message>
        <source>MNIST test accuracy {0}</source>
        <translation>MNIST 测试准确率 {0}</translation>
    </message>
    <message>
        <source>MNIST test accuracy not recorded</source>
        <translation>未记录 MNIST 测试准确率</translation>
    </message>
    <message>
        <source>Where the model runs</source>
        <translation>模型运行的设备</translation>
    </message>
    <message>
        <source>{0} is training</source>
        <translation>{0} 正在训练</translation>
    </message>
    <message>
        <source>A run is training</source>
        <translation>有一次训练正在进行</translation>
    </message>
    <message>
        <source>A fine-tune is under way</source>
        <translation>微调正在进行</translation>
    </message>
    <message>
        <source>Training is under way</source>
        <translation>训练正在进行</translation>
    </message>
    <message>
        <source>{0}. Stop it and close? What was saved so far is kept; a run stopped before its first epoch ends is not.</source>
        <translation>{0}。要停止并关闭吗？已保存的内容会保留；在第一轮结束前停止的训练则不会保留。</translation>
    </message>
    <message>
        <source>Stop and close</source>
        <translation>停止并关闭</translation>
    </message>
    <message>
        <source>Keep training</source>
        <translation>继续训练</translation>
    </message>
    <message>
        <source>Cannot read that</source>
        <translation>无法读取</translation>
    </message>
    <message>
        <source>Reading {0}: draw over it to add ink, Esc to clear</source>
        <translation>正在识别 {0}：在上面书写可添加笔迹，按 Esc 清空</translation>
    </message>
    <message>
        <source> · the app&apos;s learnt weighing of the digits in images could not be read (reinstall mnistgui); a simpler one reads this image</source>
        <translation> · 无法读取应用为图像中的数字学得的权衡（请重新安装 mnistgui）；这张图像改用较简单的方式读取</translation>
    </message>
    <message>
        <source>the model in use</source>
        <translation>当前模型</translation>
    </message>
    <message>
        <source>{0} is read by {1}</source>
        <translation>{0} 由 {1} 识别</translation>
    </message>
    <message>
        <source>; the evaluation&apos;s figures are of {0}</source>
        <translation>；评估数据来自 {0}</translation>
    </message>
    <message>
        <source>the trained model</source>
        <translation>训练好的模型</translation>
    </message>
    <message>
        <source>the selected model</source>
        <translation>所选模型</translation>
    </message>
</context>
<context>
    <name>MessageBanner</name>
    <message>
        <source>Dismiss</source>
        <extracomment>a card&apos;s default inner margins: left, top, right, bottom</extracomment>
        <translation>关闭</translation>
    </message>
</context>
<context>
    <name>MnistGetter</name>
    <message>
        <source> ({0} of {1} MB)</source>
        <extracomment>sizes of the four gzip files, for one progress bar over the whole download</extracomment>
        <translation>（{0} / {1} MB）</translation>
    </message>
    <message>
        <source>Downloading {0} · file {1} of {2}{3}</source>
        <translation>正在下载 {0} · 第 {1} 个文件，共 {2} 个{3}</translation>
    </message>
    <message>
        <source>Download cancelled. What arrived is kept; Download again to resume.</source>
        <translation>下载已取消。已下载的部分会保留；再次点击“下载”即可续传。</translation>
    </message>
    <message>
        <source>Could not download MNIST: the files that arrived are not the MNIST files expected (their checksums differ). Try again later, or choose a folder that already holds the four MNIST files.</source>
        <translation>无法下载 MNIST：收到的文件不是预期的 MNIST 文件（校验和不符）。请稍后重试，或选择已存有 MNIST 四个文件的文件夹。</translation>
    </message>
    <message>
        <source>Could not download MNIST: no download server could be reached (this computer seems to be offline, or a firewall blocks it). Connect to the internet and press Download again (a partial download resumes), or choose a folder that already holds the four MNIST files.</source>
        <translation>无法下载 MNIST：连不上任何下载服务器（这台电脑似乎没有联网，或被防火墙拦截）。请联网后再次点击“下载”（未完成的下载会续传），或选择已存有 MNIST 四个文件的文件夹。</translation>
    </message>
    <message>
        <source>Choose folder…</source>
        <extracomment>where Download fetches from, and the md5 sums it checks (None: MNIST&apos;s own)</extracomment>
        <translation>选择文件夹…</translation>
    </message>
    <message>
        <source>A folder that already holds MNIST&apos;s four files (.gz or not)</source>
        <translation>已存有 MNIST 四个文件（.gz 或未压缩）的文件夹</translation>
    </message>
    <message>
        <source>Download</source>
        <translation>下载</translation>
    </message>
    <message>
        <source>Download MNIST (about 11 MB) into the app&apos;s cache ({0})</source>
        <translation>下载 MNIST（约 11 MB）到程序缓存（{0}）</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>Stop the download (what arrived is kept)</source>
        <translation>停止下载（已下载的部分会保留）</translation>
    </message>
    <message>
        <source>No MNIST there: {0}</source>
        <translation>那里没有 MNIST：{0}</translation>
    </message>
    <message>
        <source>Connecting…</source>
        <translation>正在连接…</translation>
    </message>
    <message>
        <source>Choose the folder that holds MNIST</source>
        <translation>选择存有 MNIST 的文件夹</translation>
    </message>
    <message>
        <source>Cancelling…</source>
        <translation>正在取消…</translation>
    </message>
</context>
<context>
    <name>ModelInputPanel</name>
    <message>
        <source>Drawing</source>
        <extracomment>the steps were shown or hidden</extracomment>
        <translation>手写</translation>
    </message>
    <message>
        <source>The canvas as a grey image, with the bounding box of the ink</source>
        <translation>画布转成的灰度图像，带有笔迹的外接框</translation>
    </message>
    <message>
        <source>Cropped</source>
        <translation>裁剪</translation>
    </message>
    <message>
        <source>Cropped to the bounding box</source>
        <translation>按外接框裁剪</translation>
    </message>
    <message>
        <source>Even pen</source>
        <translation>统一笔宽</translation>
    </message>
    <message>
        <source>Stroke width brought to MNIST&apos;s typical width</source>
        <translation>把笔画宽度调整到 MNIST 的典型宽度</translation>
    </message>
    <message>
        <source>Fitted 20×20</source>
        <translation>缩放到 20×20</translation>
    </message>
    <message>
        <source>Scaled to fit a 20×20 box, keeping the aspect ratio</source>
        <translation>保持宽高比缩放，放入 20×20 的方框</translation>
    </message>
    <message>
        <source>Centred</source>
        <translation>居中</translation>
    </message>
    <message>
        <source>Placed in 28×28 with its centre of mass in the middle</source>
        <translation>放入 28×28，使其质心位于正中</translation>
    </message>
    <message>
        <source>What the model sees</source>
        <translation>模型看到的</translation>
    </message>
    <message>
        <source>Model input, 28 by 28 pixels</source>
        <translation>模型输入，28×28 像素</translation>
    </message>
    <message>
        <source>The 28×28 image the network reads, as MNIST digits look</source>
        <translation>网络读取的 28×28 图像，与 MNIST 数字的样子一致</translation>
    </message>
    <message>
        <source>28 × 28 pixels</source>
        <translation>28 × 28 像素</translation>
    </message>
    <message>
        <source>Show the steps</source>
        <translation>显示步骤</translation>
    </message>
    <message>
        <source>Show how the drawing became this input (S)</source>
        <translation>显示手写如何变成这个输入（S）</translation>
    </message>
    <message>
        <source>pen {0} → {1} px
shifted {2}, {3} px to centre</source>
        <translation>笔宽 {0} → {1} 像素
居中平移 {2}, {3} 像素</translation>
    </message>
    <message>
        <source>Nothing drawn yet.</source>
        <translation>尚未书写。</translation>
    </message>
    <message>
        <source>already a 28×28 model input:
read as it is, unchanged</source>
        <translation>已经是 28×28 的模型输入：
原样读取，不做改动</translation>
    </message>
    <message>
        <source>Hide the steps</source>
        <translation>隐藏步骤</translation>
    </message>
</context>
<context>
    <name>ModelManager</name>
    <message>
        <source>Shipped model</source>
        <extracomment>use this model from now on: (Predictor, checkpoint path or &quot;&quot;) the library or the model in use changed something went wrong; the message is for the user</extracomment>
        <translation>自带模型</translation>
    </message>
    <message>
        <source>{0} is not a fine-tuned version: delete runs in the Train tab&apos;s Runs list</source>
        <translation>{0} 不是微调版本：训练结果请在“训练”标签页的训练列表中删除</translation>
    </message>
    <message>
        <source>{0} is in use: switch to another model before deleting it</source>
        <translation>{0} 正在使用：请先切换到其他模型再删除</translation>
    </message>
    <message>
        <source>Could not read with the model chosen last time: {0}</source>
        <translation>无法使用上次选择的模型：{0}</translation>
    </message>
</context>
<context>
    <name>ModelSummaryView</name>
    <message>
        <source>Layer</source>
        <translation>层</translation>
    </message>
    <message>
        <source>Type</source>
        <translation>类型</translation>
    </message>
    <message>
        <source>Output shape</source>
        <translation>输出形状</translation>
    </message>
    <message>
        <source>Parameters</source>
        <translation>参数</translation>
    </message>
    <message>
        <source>Multiply-adds</source>
        <translation>乘加次数</translation>
    </message>
    <message>
        <source>Multiply-adds for one 28×28 image: a convolution does one per kernel weight per output value, a fully connected layer one per weight, batch norm one per value (a scale and a shift); pooling, ReLU, dropout and flatten none. Parameters include biases and batch norm&apos;s γ and β.</source>
        <translation>一张 28×28 图像的乘加次数：卷积层每个输出值对每个核权重各一次，全连接层每个权重一次，批归一化每个值一次；池化、ReLU、Dropout、展平不计。参数含偏置及批归一化的 γ 和 β。</translation>
    </message>
    <message>
        <source>Model summary</source>
        <translation>模型概要</translation>
    </message>
    <message>
        <source>No model yet</source>
        <translation>还没有模型</translation>
    </message>
    <message>
        <source>input</source>
        <translation>输入</translation>
    </message>
    <message>
        <source>28×28 grey image, normalised</source>
        <translation>28×28 灰度图像，已归一化</translation>
    </message>
    <message>
        <source>Total</source>
        <translation>合计</translation>
    </message>
    <message>
        <source>{0} architecture · </source>
        <translation>{0} 架构 · </translation>
    </message>
    <message>
        <source>{0} parameters, {1} million multiply-adds per image</source>
        <translation>{0} 个参数，每张图像 {1} 百万次乘加</translation>
    </message>
</context>
<context>
    <name>NumberReadout</name>
    <message>
        <source>The number reads</source>
        <extracomment>the user clicked a digit: its index</extracomment>
        <translation>识别出的数</translation>
    </message>
    <message>
        <source>Write a number on the strip: each digit is read as you write, and framed on the paper.</source>
        <translation>在长条纸上写一个多位数：边写边识别每个数字，并在纸上框出。</translation>
    </message>
    <message>
        <source>Loading the model… what is written is read as soon as it is there.</source>
        <translation>正在加载模型… 加载完成后立即识别已写的内容。</translation>
    </message>
    <message>
        <source>Digit {0}: read as {1}, {2} sure{3}; click to see it, and to correct it</source>
        <translation>第 {0} 位：识别为 {1}，把握 {2}{3}；点击查看并纠正</translation>
    </message>
    <message>
        <source> (unsure)</source>
        <translation>（不确定）</translation>
    </message>
    <message>
        <source>Digit {0}: {1}</source>
        <translation>第 {0} 位：{1}</translation>
    </message>
    <message>
        <source>{0} unsure: click one to check it</source>
        <translation>{0} 位不确定：点击逐个检查</translation>
    </message>
    <message>
        <source>{0} digits</source>
        <translation>{0} 位数字</translation>
    </message>
    <message>
        <source>1 digit</source>
        <translation>1 位数字</translation>
    </message>
    <message>
        <source>Reads {0}</source>
        <translation>识别为 {0}</translation>
    </message>
    <message>
        <source>Nothing written</source>
        <translation>尚未书写</translation>
    </message>
</context>
<context>
    <name>PredictionGrid</name>
    <message>
        <source>The same test digits, read again by the model at the end of every epoch: green when right, red when wrong, with how sure it is.</source>
        <translation>同一批测试数字，每轮结束时由模型重新识别：对的为绿色，错的为红色，并标出把握程度。</translation>
    </message>
    <message>
        <source>Start a run to watch it learn to read these digits</source>
        <translation>开始训练，看模型学会识别这些数字</translation>
    </message>
    <message>
        <source>{0} test digits, read at the end of every epoch</source>
        <translation>{0} 个测试数字，每轮结束时识别一次</translation>
    </message>
    <message>
        <source>Epoch {0}: {1} of {2} read right</source>
        <translation>第 {0} 轮：{2} 个中识别对 {1} 个</translation>
    </message>
</context>
<context>
    <name>PredictionPanel</name>
    <message>
        <source>The model reads</source>
        <extracomment>bumped by the panel with each reading; copied to ``painted_serial`` when the chart paints the model was unsure and the user answered which of its two readings the drawing is how many readings have been shown (tests and the latency benchmark watch it)</extracomment>
        <translation>模型识别为</translation>
    </message>
    <message>
        <source>Draw a digit on the paper:
the model reads it as you write.</source>
        <translation>在纸上写一个数字：
模型边写边识别。</translation>
    </message>
    <message>
        <source>Top digit</source>
        <translation>最可能的数字</translation>
    </message>
    <message>
        <source>next {0}  ·  {1}</source>
        <translation>其次 {0}  ·  {1}</translation>
    </message>
    <message>
        <source>Nothing drawn</source>
        <extracomment>the &quot;unsure&quot; badge (its tooltip states the model&apos;s threshold)</extracomment>
        <translation>尚未书写</translation>
    </message>
    <message>
        <source>Unsure: {0} or {1}, {2:.0f} and {3:.0f} percent; which is it?</source>
        <translation>不确定：{0} 或 {1}，概率分别为 {2:.0f}% 和 {3:.0f}%；是哪一个？</translation>
    </message>
    <message>
        <source>Reads {0}, {1:.0f} percent; next {2}</source>
        <translation>识别为 {0}，概率 {1:.0f}%；其次是 {2}</translation>
    </message>
</context>
<context>
    <name>ProbabilityChart</name>
    <message>
        <source>Probability of each digit</source>
        <translation>每个数字的概率</translation>
    </message>
</context>
<context>
    <name>Robustness</name>
    <message>
        <source>Shift sideways</source>
        <extracomment>transformed inputs shown under each probe&apos;s curves (title, x-axis label, value of &quot;unchanged&quot;) per probe</extracomment>
        <translation>左右平移</translation>
    </message>
    <message>
        <source>pixels (of 28)</source>
        <translation>像素（共 28）</translation>
    </message>
    <message>
        <source>Rotation</source>
        <translation>旋转</translation>
    </message>
    <message>
        <source>degrees</source>
        <translation>度</translation>
    </message>
    <message>
        <source>Scale</source>
        <translation>缩放</translation>
    </message>
    <message>
        <source>times the size</source>
        <translation>倍大小</translation>
    </message>
    <message>
        <source>Stroke thickness</source>
        <translation>笔画粗细</translation>
    </message>
    <message>
        <source>pixels of width added</source>
        <translation>增加的宽度（像素）</translation>
    </message>
    <message>
        <source>Draw a digit to probe it.</source>
        <translation>写一个数字来测试它。</translation>
    </message>
    <message>
        <source>{0} {1} to {2}{3}</source>
        <translation>{0} {1} 到 {2}{3}</translation>
    </message>
    <message>
        <source>Still read as &lt;b&gt;{0}&lt;/b&gt;: nowhere along these sweeps.</source>
        <translation>仍识别为 &lt;b&gt;{0}&lt;/b&gt;：在这些变化范围内都不成立。</translation>
    </message>
    <message>
        <source>Still read as &lt;b&gt;{0}&lt;/b&gt; for {1}.</source>
        <translation>在以下范围内仍识别为 &lt;b&gt;{0}&lt;/b&gt;：{1}。</translation>
    </message>
    <message>
        <source>; </source>
        <translation>；</translation>
    </message>
</context>
<context>
    <name>RobustnessPage</name>
    <message>
        <source>Your drawing, transformed step by step and read again: each line is one digit&apos;s probability. Flat lines mean the network does not mind the change; where the lines cross, it starts to read another digit. The dashed line marks your drawing as it is.</source>
        <translation>把你的手写逐步变换后重新识别：每条线是一个数字的概率。线条平坦说明网络不在乎这种变化；线条交叉处，网络开始认成另一个数字。虚线标出手写原样的位置。</translation>
    </message>
    <message>
        <source>Drawing… the probe reads your drawing 84 times, so it runs again when you lift the pen.</source>
        <translation>书写中… 测试要把手写识别 84 次，所以会在抬笔后重新运行。</translation>
    </message>
    <message>
        <source>&lt;span style=&apos;color:{0}&apos;&gt;&lt;b&gt;{1}&lt;/b&gt;&lt;/span&gt;</source>
        <extracomment>per probe, the thumbnails of the transformed input (image, value label)</extracomment>
        <translation>&lt;span style=&apos;color:{0}&apos;&gt;&lt;b&gt;{1}&lt;/b&gt;&lt;/span&gt;</translation>
    </message>
    <message>
        <source>Digits</source>
        <translation>数字</translation>
    </message>
</context>
<context>
    <name>RunControls</name>
    <message>
        <source>Start</source>
        <translation>开始</translation>
    </message>
    <message>
        <source>Start a new run with these settings</source>
        <translation>用这些设置开始新的训练</translation>
    </message>
    <message>
        <source>Pause</source>
        <translation>暂停</translation>
    </message>
    <message>
        <source>Pause after the current batch; Resume goes on from there</source>
        <translation>在当前批次后暂停；“继续”从那里接着训练</translation>
    </message>
    <message>
        <source>Stop</source>
        <translation>停止</translation>
    </message>
    <message>
        <source>Stop after the current batch; the best model so far is kept</source>
        <translation>在当前批次后停止；保留目前最好的模型</translation>
    </message>
    <message>
        <source> epochs</source>
        <translation> 轮</translation>
    </message>
    <message>
        <source>How many more epochs Continue trains for</source>
        <translation>“接着训练”再训练多少轮</translation>
    </message>
    <message>
        <source>Epochs to continue for</source>
        <translation>接着训练的轮数</translation>
    </message>
    <message>
        <source>Continue</source>
        <translation>接着训练</translation>
    </message>
    <message>
        <source>Train this run for more epochs, with its own settings and the learning rate shown (a fresh, shorter schedule)</source>
        <translation>按这次训练自己的设置和所示学习率再训练若干轮（使用一个新的、更短的学习率计划）</translation>
    </message>
    <message>
        <source>New run</source>
        <translation>新训练</translation>
    </message>
    <message>
        <source>Clear the live view to set up another run (this one stays in Runs)</source>
        <translation>清空实时视图以设置另一次训练（这次训练保留在训练列表中）</translation>
    </message>
    <message>
        <source>Training progress</source>
        <translation>训练进度</translation>
    </message>
    <message>
        <source>Load the data and press Start.</source>
        <translation>加载数据后点击“开始”。</translation>
    </message>
    <message>
        <source>Kept: epoch {0} (the last), {1} val.</source>
        <translation>保留：第 {0} 轮（最后一轮），验证 {1}。</translation>
    </message>
    <message>
        <source>The last epoch&apos;s weights are kept (validation loss {0:.4f}).</source>
        <translation>保留最后一轮的权重（验证损失 {0:.4f}）。</translation>
    </message>
    <message>
        <source>Best: epoch {0}, {1} val.</source>
        <translation>最佳：第 {0} 轮，验证 {1}</translation>
    </message>
    <message>
        <source> · patience {0}/{1}</source>
        <translation> · 耐心 {0}/{1}</translation>
    </message>
    <message>
        <source>The best epoch so far (lowest validation loss: {0:.4f}) is kept.</source>
        <translation>保留目前最好的一轮（验证损失最低：{0:.4f}）。</translation>
    </message>
    <message>
        <source> Early stopping ends the run after {0} epochs without improvement; {1} so far.</source>
        <translation>提前停止：连续 {0} 轮没有改进即结束训练；目前已 {1} 轮。</translation>
    </message>
    <message>
        <source> Early stopping is off.</source>
        <translation>提前停止已关闭。</translation>
    </message>
</context>
<context>
    <name>RunPreparationMixin</name>
    <message>
        <source>a validation set of {0} images leaves no training images out of {1}; make it smaller</source>
        <translation>{1} 张图像中留出 {0} 张作验证集后就没有训练图像了；请减小验证集</translation>
    </message>
    <message>
        <source>The run that was stopped before it began could not be removed: {0}</source>
        <translation>无法删除开始前就被停止的训练：{0}</translation>
    </message>
    <message>
        <source>Cannot start: {0}</source>
        <translation>无法开始：{0}</translation>
    </message>
    <message>
        <source>Press Start to train with these settings.</source>
        <translation>点击“开始”即用这些设置训练。</translation>
    </message>
    <message>
        <source>Stopped before training began.</source>
        <translation>在训练开始前已停止。</translation>
    </message>
</context>
<context>
    <name>RunStatusMixin</name>
    <message>
        <source>paused at epoch {0}/{1}, batch {2}/{3}; Resume goes on from there</source>
        <translation>已暂停于第 {0}/{1} 轮、第 {2}/{3} 批；“继续”从那里接着训练</translation>
    </message>
    <message>
        <source>epoch {0}/{1} · batch {2}/{3} · {4} images/s · {5} left in the epoch, {6} in the run</source>
        <translation>第 {0}/{1} 轮 · 第 {2}/{3} 批 · 每秒 {4} 张图像 · 本轮剩余 {5}，全程剩余 {6}</translation>
    </message>
    <message>
        <source>1 epoch trained; Continue trains more, New run starts afresh.</source>
        <translation>已训练 1 轮；“接着训练”可继续训练，“新训练”则从头开始。</translation>
    </message>
    <message>
        <source>{0} epochs trained; Continue trains more, New run starts afresh.</source>
        <translation>已训练 {0} 轮；“接着训练”可继续训练，“新训练”则从头开始。</translation>
    </message>
    <message>
        <source>Press Start to train with these settings.</source>
        <translation>点击“开始”即用这些设置训练。</translation>
    </message>
    <message>
        <source>Load the data and press Start.</source>
        <translation>加载数据后点击“开始”。</translation>
    </message>
    <message>
        <source> The learning rate set during the run ({0:g}) was for it only: the settings are back at {1:g}.</source>
        <translation>训练中设置的学习率（{0:g}）只对那次训练有效：设置已恢复为 {1:g}。</translation>
    </message>
</context>
<context>
    <name>RunsView</name>
    <message>
        <source>Name</source>
        <extracomment>colours for overlaid runs, in order of selection</extracomment>
        <translation>名称</translation>
    </message>
    <message>
        <source>Started</source>
        <translation>开始时间</translation>
    </message>
    <message>
        <source>Model</source>
        <translation>模型</translation>
    </message>
    <message>
        <source>Epochs</source>
        <translation>轮数</translation>
    </message>
    <message>
        <source>Best val. acc.</source>
        <translation>最佳验证准确率</translation>
    </message>
    <message>
        <source>Test acc.</source>
        <translation>测试准确率</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>not started</source>
        <translation>未开始</translation>
    </message>
    <message>
        <source>training…</source>
        <translation>训练中…</translation>
    </message>
    <message>
        <source>completed</source>
        <translation>已完成</translation>
    </message>
    <message>
        <source>stopped early</source>
        <translation>提前停止</translation>
    </message>
    <message>
        <source>stopped</source>
        <translation>已停止</translation>
    </message>
    <message>
        <source>failed</source>
        <translation>失败</translation>
    </message>
    <message>
        <source>interrupted</source>
        <translation>已中断</translation>
    </message>
    <message>
        <source>damaged</source>
        <translation>已损坏</translation>
    </message>
    <message>
        <source>Training runs</source>
        <extracomment>make this run&apos;s model the live predictor show this run&apos;s stored evaluation something to tell the user (one line) the run whose model the app reads with (marked &quot;in use&quot;; it cannot be deleted)</extracomment>
        <translation>训练记录</translation>
    </message>
    <message>
        <source>Use this model</source>
        <translation>使用此模型</translation>
    </message>
    <message>
        <source>Read drawings in the Draw tab with this run&apos;s best model</source>
        <translation>在“手写”标签页用这次训练的最佳模型识别</translation>
    </message>
    <message>
        <source>Show evaluation</source>
        <translation>查看评估</translation>
    </message>
    <message>
        <source>Show this run&apos;s test evaluation and confusion matrix</source>
        <translation>查看这次训练的测试评估和混淆矩阵</translation>
    </message>
    <message>
        <source>Export…</source>
        <translation>导出…</translation>
    </message>
    <message>
        <source>Save this run&apos;s best checkpoint to a file</source>
        <translation>把这次训练的最佳检查点保存到文件</translation>
    </message>
    <message>
        <source>Rename…</source>
        <translation>重命名…</translation>
    </message>
    <message>
        <source>Delete</source>
        <translation>删除</translation>
    </message>
    <message>
        <source>Delete the selected runs and their files</source>
        <translation>删除所选训练及其文件</translation>
    </message>
    <message>
        <source>Select several runs to compare their curves.</source>
        <translation>选择多次训练来比较它们的曲线。</translation>
    </message>
    <message>
        <source>Validation accuracy per epoch, %</source>
        <translation>每轮验证准确率，%</translation>
    </message>
    <message>
        <source>Training loss per batch, smoothed</source>
        <translation>每批训练损失（平滑）</translation>
    </message>
    <message>
        <source>epoch</source>
        <translation>轮次</translation>
    </message>
    <message>
        <source>● {0}</source>
        <translation>● {0}</translation>
    </message>
    <message>
        <source>The app reads with this run&apos;s model</source>
        <translation>程序正在用这次训练的模型识别</translation>
    </message>
    <message numerus="yes">
        <source>%n run(s) kept · Ctrl- or Shift-click to compare several · double-click for a run&apos;s evaluation</source>
        <translation>
            <numerusform>保留了 %n 次训练 · 按住 Ctrl 或 Shift 点击可比较多次 · 双击查看一次训练的评估</numerusform>
        </translation>
    </message>
    <message>
        <source>No runs yet: every run you start is kept here.</source>
        <translation>还没有训练记录：你开始的每次训练都会保留在这里。</translation>
    </message>
    <message>
        <source>That run&apos;s model is in use: switch to another model before deleting it</source>
        <translation>这次训练的模型正在使用：请先切换到其他模型再删除</translation>
    </message>
    <message>
        <source>Saved the model of run {0} to {1}</source>
        <translation>已把训练 {0} 的模型保存到 {1}</translation>
    </message>
    <message>
        <source>In use</source>
        <translation>使用中</translation>
    </message>
    <message>
        <source>Stop the run before deleting it</source>
        <translation>请先停止训练再删除</translation>
    </message>
    <message>
        <source>Its model is in use: switch to another model before deleting it</source>
        <translation>它的模型正在使用：请先切换到其他模型再删除</translation>
    </message>
    <message>
        <source>Export Model</source>
        <translation>导出模型</translation>
    </message>
    <message>
        <source>Rename Run</source>
        <translation>重命名训练</translation>
    </message>
    <message>
        <source>Name:</source>
        <translation>名称：</translation>
    </message>
    <message>
        <source>Delete Runs</source>
        <translation>删除训练</translation>
    </message>
    <message>
        <source>Delete Run</source>
        <translation>删除训练</translation>
    </message>
    <message>
        <source>Delete {0}? Its curves, metrics and model are removed from disk.</source>
        <translation>删除 {0}？它的曲线、指标和模型将从磁盘上删除。</translation>
    </message>
    <message>
        <source>Delete {0} runs ({1})? Their curves, metrics and models are removed from disk.</source>
        <translation>删除这 {0} 次训练（{1}）？它们的曲线、指标和模型将从磁盘上删除。</translation>
    </message>
</context>
<context>
    <name>Saliency</name>
    <message>
        <source>No heat map</source>
        <extracomment>Heat maps that can lie over the input and the canvas.</extracomment>
        <translation>无热力图</translation>
    </message>
    <message>
        <source>Grad-CAM</source>
        <extracomment>The saliency methods, as the tab names them: (key, title, what it shows)</extracomment>
        <translation>Grad-CAM</translation>
    </message>
    <message>
        <source>Gradient × input</source>
        <translation>梯度 × 输入</translation>
    </message>
    <message>
        <source>Integrated gradients</source>
        <translation>积分梯度</translation>
    </message>
    <message>
        <source>Where the last convolution block looked: its maps, weighted by how much they raise the digit&apos;s score. Coarse ({cam} maps); empty places can light up too, as evidence (a 7 has nothing under its bar).</source>
        <translation>最后一个卷积块关注的位置：其特征图按对该数字得分的提升加权。分辨率较粗（{cam} 的特征图）；空白处也可能发亮，因为空白也是证据（7 的横下面是空的）。</translation>
    </message>
    <message>
        <source>How much each inked pixel pushed the digit&apos;s score up or down (the size of it): sharp, pixel by pixel, but noisy.</source>
        <translation>每个有笔迹的像素把该数字的得分推高或拉低了多少（取其大小）：逐像素、清晰，但噪声较大。</translation>
    </message>
    <message>
        <source>Gradient × input averaged along the way from a blank image to this one: steadier, and each pixel&apos;s share adds up to the score. Slower, so computed only when switched on.</source>
        <translation>沿着从空白图像到当前图像的路径对“梯度 × 输入”取平均：更稳定，且各像素的份额之和等于得分。计算较慢，所以只在打开时计算。</translation>
    </message>
</context>
<context>
    <name>SaliencyPage</name>
    <message>
        <source>Explain</source>
        <extracomment>untranslated: say them with method_title() the digit to explain was chosen: 0-9, or None for &quot;the predicted digit&quot; integrated gradients were switched on or off</extracomment>
        <translation>解释</translation>
    </message>
    <message>
        <source>The prediction</source>
        <translation>预测结果</translation>
    </message>
    <message>
        <source>Explain whichever digit the network reads</source>
        <translation>解释网络识别出的数字</translation>
    </message>
    <message>
        <source>Explain the digit {0}: what in the drawing speaks for it</source>
        <translation>解释数字 {0}：手写中哪些部分支持它</translation>
    </message>
    <message>
        <source>Also compute integrated gradients (24 passes through the network)</source>
        <translation>同时计算积分梯度（需通过网络 24 次）</translation>
    </message>
    <message>
        <source>Warm colours mark what raised the chosen digit&apos;s score. The same heat map can be laid over your drawing: choose it under the input, on the left.</source>
        <translation>暖色标出提高所选数字得分的部分。同样的热力图也可以叠加在你的手写上：在左侧输入下方选择。</translation>
    </message>
    <message>
        <source>&lt;b&gt;How likely each digit is&lt;/b&gt;&amp;nbsp;&amp;nbsp;&lt;span style=&apos;color:{0}&apos;&gt;click a bar to explain that digit&lt;/span&gt;</source>
        <translation>&lt;b&gt;每个数字的可能性&lt;/b&gt;&amp;nbsp;&amp;nbsp;&lt;span style=&apos;color:{0}&apos;&gt;点击柱条解释该数字&lt;/span&gt;</translation>
    </message>
    <message>
        <source>&lt;span style=&apos;color:{0}&apos;&gt;Nothing to explain yet: draw a digit.&lt;/span&gt;</source>
        <translation>&lt;span style=&apos;color:{0}&apos;&gt;还没有可解释的内容：请写一个数字。&lt;/span&gt;</translation>
    </message>
    <message>
        <source>Explaining &lt;b&gt;{0}&lt;/b&gt;, the digit the network reads ({1}).</source>
        <translation>正在解释 &lt;b&gt;{0}&lt;/b&gt;，即网络识别出的数字（{1}）。</translation>
    </message>
    <message>
        <source>Explaining &lt;b&gt;{0}&lt;/b&gt;, which the network gives {1} (it reads {2}): what in the drawing speaks for {0} all the same.</source>
        <translation>正在解释 &lt;b&gt;{0}&lt;/b&gt;，网络给它的概率是 {1}（识别为 {2}）：手写中哪些部分仍然支持 {0}。</translation>
    </message>
</context>
<context>
    <name>SampleGallery</name>
    <message>
        <source>guided collection</source>
        <extracomment>the mark of a held-out sample (never trained on)</extracomment>
        <translation>引导采集</translation>
    </message>
    <message>
        <source>free collection</source>
        <translation>自由采集</translation>
    </message>
    <message>
        <source>a correction in the Draw tab</source>
        <translation>“手写”标签页中的纠正</translation>
    </message>
    <message>
        <source>an answer in the Draw tab (the model was unsure)</source>
        <translation>“手写”标签页中的回答（模型当时不确定）</translation>
    </message>
    <message>
        <source>an import</source>
        <translation>导入</translation>
    </message>
    <message>
        <source>held out: never trained on, it measures the result</source>
        <translation>留出：从不用于训练，用来衡量效果</translation>
    </message>
    <message>
        <source>used for training</source>
        <translation>用于训练</translation>
    </message>
    <message>
        <source>&lt;b&gt;{0}&lt;/b&gt; · sample {1}&lt;br&gt;from {2}, {3} UTC&lt;br&gt;{4}</source>
        <translation>&lt;b&gt;{0}&lt;/b&gt; · 样本 {1}&lt;br&gt;来自{2}，{3} UTC&lt;br&gt;{4}</translation>
    </message>
    <message>
        <source>&lt;br&gt;image only (no strokes)</source>
        <translation>&lt;br&gt;仅有图像（无笔画）</translation>
    </message>
    <message>
        <source>{0}, sample {1}, held out</source>
        <translation>{0}，样本 {1}，留出</translation>
    </message>
    <message>
        <source>{0}, sample {1}</source>
        <translation>{0}，样本 {1}</translation>
    </message>
    <message>
        <source>All</source>
        <extracomment>something to tell the user: (title, text, is_warning)</extracomment>
        <translation>全部</translation>
    </message>
    <message>
        <source>Your samples</source>
        <translation>你的样本</translation>
    </message>
    <message>
        <source>Relabel as</source>
        <translation>改标为</translation>
    </message>
    <message>
        <source>Give the selected samples another label (or press 0-9)</source>
        <translation>给所选样本换一个标签（或按 0-9）</translation>
    </message>
    <message>
        <source>Delete</source>
        <translation>删除</translation>
    </message>
    <message>
        <source>Delete the selected samples (Delete; undoable)</source>
        <translation>删除所选样本（Delete；可撤销）</translation>
    </message>
    <message>
        <source>Undo</source>
        <translation>撤销</translation>
    </message>
    <message>
        <source>Undo the last change to your samples (Ctrl+Z)</source>
        <translation>撤销对样本的上一次修改（Ctrl+Z）</translation>
    </message>
    <message>
        <source>Redo</source>
        <translation>重做</translation>
    </message>
    <message>
        <source>Redo (Ctrl+Shift+Z)</source>
        <translation>重做（Ctrl+Shift+Z）</translation>
    </message>
    <message>
        <source>Import</source>
        <translation>导入</translation>
    </message>
    <message>
        <source>Add samples from a PNG folder, a stroke file or an NPZ archive</source>
        <translation>从 PNG 文件夹、笔画文件或 NPZ 压缩包添加样本</translation>
    </message>
    <message>
        <source>Export</source>
        <translation>导出</translation>
    </message>
    <message>
        <source>Write your samples as a PNG folder, a stroke file or an NPZ archive</source>
        <translation>把样本导出为 PNG 文件夹、笔画文件或 NPZ 压缩包</translation>
    </message>
    <message>
        <source>Show</source>
        <translation>显示</translation>
    </message>
    <message>
        <source>held out: every fifth sample of each digit is never trained on; it measures how well the model reads you.</source>
        <translation>留出：每个数字每五个样本中有一个从不用于训练，用来衡量模型识别你笔迹的能力。</translation>
    </message>
    <message>
        <source>All · {0}</source>
        <translation>全部 · {0}</translation>
    </message>
    <message>
        <source>All your samples: {0}</source>
        <translation>全部样本：{0} 个</translation>
    </message>
    <message numerus="yes">
        <source>%n sample(s) of {0}</source>
        <translation>
            <numerusform>{0} 的样本 %n 个</numerusform>
        </translation>
    </message>
    <message>
        <source>No samples yet.
Collect some on the Collect page, or import them.</source>
        <translation>还没有样本。
请在“采集”页采集，或导入样本。</translation>
    </message>
    <message>
        <source>No {0}s yet.</source>
        <translation>还没有数字 {0} 的样本。</translation>
    </message>
    <message>
        <source>{0} (their label now)</source>
        <translation>{0}（当前标签）</translation>
    </message>
    <message>
        <source>Undo: {0} (Ctrl+Z)</source>
        <translation>撤销：{0}（Ctrl+Z）</translation>
    </message>
    <message>
        <source>Nothing to undo</source>
        <translation>没有可撤销的操作</translation>
    </message>
    <message>
        <source>Redo: {0} (Ctrl+Shift+Z)</source>
        <translation>重做：{0}（Ctrl+Shift+Z）</translation>
    </message>
    <message>
        <source>Nothing to redo</source>
        <translation>没有可重做的操作</translation>
    </message>
    <message>
        <source>Click a sample to select it; Shift or Ctrl to select many, Ctrl+A all.</source>
        <translation>点击样本将其选中；按住 Shift 或 Ctrl 可多选，Ctrl+A 全选。</translation>
    </message>
    <message>
        <source>Sample {0}: a {1}, from {2}, {3} UTC</source>
        <translation>样本 {0}：数字 {1}，来自{2}，{3} UTC</translation>
    </message>
    <message>
        <source> · held out</source>
        <translation> · 留出</translation>
    </message>
    <message numerus="yes">
        <source>%n samples selected: press 0-9 to relabel them, Delete to delete them.</source>
        <translation>
            <numerusform>已选 %n 个样本：按 0-9 改标，按 Delete 删除。</numerusform>
        </translation>
    </message>
    <message>
        <source>Import a {0} (sub-folders 0 to 9)</source>
        <translation>导入{0}（子文件夹 0 到 9）</translation>
    </message>
    <message>
        <source>Import a stroke file</source>
        <translation>导入笔画文件</translation>
    </message>
    <message>
        <source>Stroke files (*.json);;All files (*)</source>
        <translation>笔画文件 (*.json);;所有文件 (*)</translation>
    </message>
    <message>
        <source>Import an NPZ archive</source>
        <translation>导入 NPZ 压缩包</translation>
    </message>
    <message>
        <source>NPZ archives (*.npz);;All files (*)</source>
        <translation>NPZ 压缩包 (*.npz);;所有文件 (*)</translation>
    </message>
    <message>
        <source>Export to a folder (one sub-folder per digit)</source>
        <translation>导出到文件夹（每个数字一个子文件夹）</translation>
    </message>
    <message>
        <source>Export as a stroke file</source>
        <translation>导出为笔画文件</translation>
    </message>
    <message>
        <source>Stroke files (*.json)</source>
        <translation>笔画文件 (*.json)</translation>
    </message>
    <message>
        <source>Export as an NPZ archive</source>
        <translation>导出为 NPZ 压缩包</translation>
    </message>
    <message>
        <source>NPZ archives (*.npz)</source>
        <translation>NPZ 压缩包 (*.npz)</translation>
    </message>
    <message numerus="yes">
        <source> (%n imported from images have no strokes and are not in a stroke file)</source>
        <translation>
            <numerusform>（%n 个从图像导入的样本没有笔画，不在笔画文件中）</numerusform>
        </translation>
    </message>
    <message>
        <source>Export finished</source>
        <translation>导出完成</translation>
    </message>
    <message numerus="yes">
        <source>Wrote %n sample(s) to {0}{1}.</source>
        <translation>
            <numerusform>已把 %n 个样本写入 {0}{1}。</numerusform>
        </translation>
    </message>
    <message>
        <source>Import or export failed</source>
        <translation>导入或导出失败</translation>
    </message>
    <message>
        <source>PNG folder</source>
        <extracomment>import and export formats: key -&gt; (title, what it is)</extracomment>
        <translation>PNG 文件夹</translation>
    </message>
    <message>
        <source>a folder with one sub-folder per digit (0 to 9) holding images</source>
        <translation>每个数字（0 到 9）一个子文件夹、其中存放图像的文件夹</translation>
    </message>
    <message>
        <source>Stroke JSON</source>
        <translation>笔画 JSON</translation>
    </message>
    <message>
        <source>a stroke file with a label on each drawing</source>
        <translation>每幅手写都带标签的笔画文件</translation>
    </message>
    <message>
        <source>a NumPy archive with &apos;images&apos; and &apos;labels&apos;</source>
        <translation>包含 &apos;images&apos; 和 &apos;labels&apos; 的 NumPy 压缩包</translation>
    </message>
</context>
<context>
    <name>SampleLibrary</name>
    <message>
        <source>Importing {0}…</source>
        <translation>正在导入 {0}…</translation>
    </message>
    <message>
        <source>Exporting to {0}…</source>
        <translation>正在导出到 {0}…</translation>
    </message>
    <message>
        <source>Delete 1 sample</source>
        <translation>删除 1 个样本</translation>
    </message>
    <message>
        <source>Delete {0} samples</source>
        <translation>删除 {0} 个样本</translation>
    </message>
    <message>
        <source>Relabel 1 sample as {1}</source>
        <translation>把 1 个样本改标为 {1}</translation>
    </message>
    <message>
        <source>Relabel {0} samples as {1}</source>
        <translation>把 {0} 个样本改标为 {1}</translation>
    </message>
    <message>
        <source>Save a {0}</source>
        <extracomment>the samples changed (an edit, an undo or redo, an import) an import finished: an :class:`ImportResult` an export finished: an :class:`ExportResult` an import or export failed, or the store cannot be opened: the message for the user a job started (True) or ended (False) a job&apos;s progress text a damaged database was moved aside when the store was opened: what to tell the user, once</extracomment>
        <translation>保存一个 {0}</translation>
    </message>
    <message numerus="yes">
        <source>Import %n sample(s)</source>
        <translation>
            <numerusform>导入 %n 个样本</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>Startup</name>
    <message>
        <source>--size expects WIDTHxHEIGHT, e.g. 1280x800; got {0}</source>
        <translation>--size 需要“宽x高”，例如 1280x800；收到的是 {0}</translation>
    </message>
    <message>
        <source>--size {0}: width and height must be between 320x240 and 10000x10000</source>
        <translation>--size {0}：宽和高必须在 320x240 到 10000x10000 之间</translation>
    </message>
    <message>
        <source>{0}: no such stroke file</source>
        <translation>{0}：没有这个笔画文件</translation>
    </message>
    <message>
        <source> (the model that ships with mnistgui is missing or damaged; reinstall it)</source>
        <translation>（mnistgui 自带的模型缺失或已损坏；请重新安装）</translation>
    </message>
</context>
<context>
    <name>TrainingPlots</name>
    <message>
        <source>raw</source>
        <extracomment>the width of a plot&apos;s left axis, in pixels (see style_plot) why the training loss sits above the validation loss, when it does (see set_run_notes)</extracomment>
        <translation>原始</translation>
    </message>
    <message>
        <source>smoothed</source>
        <translation>平滑</translation>
    </message>
    <message>
        <source>train</source>
        <translation>训练</translation>
    </message>
    <message>
        <source>validation</source>
        <translation>验证</translation>
    </message>
    <message>
        <source>Loss per batch</source>
        <translation>每批损失</translation>
    </message>
    <message>
        <source>Accuracy per batch, %</source>
        <translation>每批准确率，%</translation>
    </message>
    <message>
        <source>Loss per epoch</source>
        <translation>每轮损失</translation>
    </message>
    <message>
        <source>Accuracy per epoch, %</source>
        <translation>每轮准确率，%</translation>
    </message>
    <message>
        <source>Learning rate</source>
        <translation>学习率</translation>
    </message>
    <message>
        <source>epoch</source>
        <translation>轮次</translation>
    </message>
    <message>
        <source>on augmented (slanted, rotated, thickened) digits</source>
        <translation>在增强过（倾斜、旋转、加粗）的数字上</translation>
    </message>
    <message>
        <source>against labels smoothed by {0}, so even a perfect reading scores a loss above zero</source>
        <translation>以平滑系数 {0} 的标签为目标，所以即使完全识别正确，损失也大于零</translation>
    </message>
    <message>
        <source>The training loss is measured {0}; the validation loss on clean digits and plain labels. So the training loss levels off above the validation loss: that is expected, not a sign of trouble.</source>
        <translation>训练损失是{0}测得的；验证损失则是在原始数字和普通标签上测得的。所以训练损失会稳定在验证损失之上：这是正常现象，不是问题。</translation>
    </message>
    <message>
        <source> and </source>
        <translation>，并且</translation>
    </message>
</context>
<context>
    <name>TrainingSettings</name>
    <message>
        <source>SGD (Nesterov momentum)</source>
        <translation>SGD（Nesterov 动量）</translation>
    </message>
    <message>
        <source>One-cycle</source>
        <translation>单周期（One-cycle）</translation>
    </message>
    <message>
        <source>Cosine</source>
        <translation>余弦</translation>
    </message>
    <message>
        <source>Constant</source>
        <translation>恒定</translation>
    </message>
    <message>
        <source>The best epoch</source>
        <translation>最佳一轮</translation>
    </message>
    <message>
        <source>The last epoch</source>
        <translation>最后一轮</translation>
    </message>
    <message>
        <source>Automatic</source>
        <translation>自动</translation>
    </message>
    <message>
        <source>CUDA GPU</source>
        <translation>CUDA GPU</translation>
    </message>
    <message>
        <source>Apple GPU (MPS)</source>
        <translation>Apple GPU（MPS）</translation>
    </message>
    <message>
        <source>Automatic ({auto} here)</source>
        <translation>自动（此处为 {auto}）</translation>
    </message>
    <message>
        <source>bf16 mixed precision</source>
        <translation>bf16 混合精度</translation>
    </message>
    <message>
        <source>fp16 mixed precision</source>
        <translation>fp16 混合精度</translation>
    </message>
    <message>
        <source>2 conv layers with batch norm and dropout (default): fast and accurate</source>
        <extracomment>the core&apos;s descriptions of its architectures (mnistgui.core.model), as the interface says them</extracomment>
        <translation>2 个卷积层，带批归一化和 Dropout（默认）：快速而准确</translation>
    </message>
    <message>
        <source>the classic small CNN: 2 conv layers, 2 fully connected, no normalisation</source>
        <translation>经典的小型 CNN：2 个卷积层、2 个全连接层，无归一化</translation>
    </message>
    <message>
        <source>4 conv layers (32-32-64-64) with batch norm and dropout: slower, most robust</source>
        <translation>4 个卷积层（32-32-64-64），带批归一化和 Dropout：较慢，最稳健</translation>
    </message>
    <message>
        <source>The network: </source>
        <extracomment>the learning rate was changed by the user a model&apos;s recipe was set (a :class:`~mnistgui.core.jobs.Recipe`) a model&apos;s recipe could not be read (what to tell the user) the recipe last set: what the settings do not show (momentum, the synthetic pool&apos;s size, the held-out share of pen writers) comes from it</extracomment>
        <translation>网络结构：</translation>
    </message>
    <message>
        <source>; </source>
        <translation>；</translation>
    </message>
    <message>
        <source>Learning rate (logarithmic)</source>
        <translation>学习率（对数刻度）</translation>
    </message>
    <message>
        <source>Peak learning rate, on a logarithmic scale from 0.00001 to 1. It can change while a run trains: from the next batch.</source>
        <translation>峰值学习率，对数刻度，从 0.00001 到 1。训练过程中也可以调整：从下一批起生效。</translation>
    </message>
    <message>
        <source>Learning rate</source>
        <translation>学习率</translation>
    </message>
    <message>
        <source>Peak learning rate (e.g. 0.003 or 3e-3)</source>
        <translation>峰值学习率（例如 0.003 或 3e-3）</translation>
    </message>
    <message>
        <source>Images per optimiser step</source>
        <translation>每步优化使用的图像数</translation>
    </message>
    <message>
        <source>Passes over the training images</source>
        <translation>遍历训练图像的次数</translation>
    </message>
    <message>
        <source>Weight decay (L2 penalty; decoupled for AdamW)</source>
        <translation>权重衰减（L2 惩罚；AdamW 为解耦式）</translation>
    </message>
    <message>
        <source>How the learning rate moves through the run, after the warm-up</source>
        <translation>预热之后，学习率在训练中如何变化</translation>
    </message>
    <message>
        <source>% of the run</source>
        <translation>%（占训练）</translation>
    </message>
    <message>
        <source>Warm-up: the first part of the run, during which the learning rate climbs from 4% of its peak to the peak (as mnistgui train --warmup)</source>
        <translation>预热：训练的开头部分，学习率从峰值的 4% 升到峰值（同 mnistgui train --warmup）</translation>
    </message>
    <message>
        <source>Label smoothing: this share of each training target is spread evenly over all ten digits, so the model learns not to be over-confident (as --label-smoothing)</source>
        <translation>标签平滑：把每个训练目标的这一部分平均分给全部十个数字，让模型学会不过分自信（同 --label-smoothing）</translation>
    </message>
    <message>
        <source>% of each batch</source>
        <translation>%（占每批）</translation>
    </message>
    <message>
        <source>Synthetic digits: this share of each batch is taken from digits drawn by the built-in pen writer instead of MNIST; they are rendered before the first batch (as --synthetic)</source>
        <translation>合成数字：每批中的这一部分取自内置笔迹生成器写出的数字，而不是 MNIST；它们在第一批之前渲染好（同 --synthetic）</translation>
    </message>
    <message>
        <source>a stroke JSON file</source>
        <translation>笔画 JSON 文件</translation>
    </message>
    <message>
        <source>Pen-recorded digits file</source>
        <translation>笔迹录制的数字文件</translation>
    </message>
    <message>
        <source>Real handwriting: a stroke JSON file of labelled digits recorded with a pen, with writer ids (e.g. ../shared/handwriting/train.json). A share of its writers is held out to validate and to calibrate the unsure rule (as --pen-data)</source>
        <translation>真实手写：用笔录制、带标签和书写者编号的数字笔画 JSON 文件（例如 ../shared/handwriting/train.json）。其中一部分书写者会被留出，用于验证和校准“不确定”规则（同 --pen-data）</translation>
    </message>
    <message>
        <source>Choose…</source>
        <translation>选择…</translation>
    </message>
    <message>
        <source>Choose the file of pen-recorded digits</source>
        <translation>选择笔迹录制的数字文件</translation>
    </message>
    <message>
        <source>This share of each batch is taken from the pen-recorded digits, each varied at the level of its strokes: slant, rotation, stretch, sparse sampling, pen lifts (as --pen)</source>
        <translation>每批中的这一部分取自笔迹录制的数字，每个都在笔画层面做变化：倾斜、旋转、拉伸、稀疏采样、抬笔（同 --pen）</translation>
    </message>
    <message>
        <source> per digit</source>
        <translation> 个/数字</translation>
    </message>
    <message>
        <source>Varied renderings of each pen-recorded digit, all made before the first batch: more give more variety and take longer to prepare (as --pen-variants)</source>
        <translation>每个笔迹录制数字的变化渲染数，全部在第一批之前完成：越多变化越丰富，准备时间也越长（同 --pen-variants）</translation>
    </message>
    <message>
        <source>% of the renderings</source>
        <translation>% 的渲染</translation>
    </message>
    <message>
        <source>This share of the renderings first blends the digit with another writer&apos;s writing of the same digit, traced point for point: new styles between writers (as --pen-blend)</source>
        <translation>这部分渲染先把该数字与另一位书写者写的同一数字逐点对应后混合：得到介于两位书写者之间的新写法（同 --pen-blend）</translation>
    </message>
    <message>
        <source>This share of the renderings comes with a piece of another digit at one side, or without a strip of its own edge, as cutting apart the touching digits of a written number leaves them (as --pen-neighbours)</source>
        <translation>这一比例的渲染在一侧带上另一个数字的一部分，或去掉自身边缘的一条，就像把书写数字中相连的数字切开后留下的样子（同 --pen-neighbours）</translation>
    </message>
    <message>
        <source>On</source>
        <translation>开启</translation>
    </message>
    <message>
        <source>Random rotation, slant, stretch, elastic jitter and stroke width on every batch</source>
        <translation>每批都做随机旋转、倾斜、拉伸、弹性抖动和笔宽变化</translation>
    </message>
    <message>
        <source>Augmentation strength</source>
        <translation>增强强度</translation>
    </message>
    <message>
        <source>The weights the run keeps as its model: the epoch with the lowest validation loss, or the last epoch (a one-cycle or cosine schedule ends on its most settled weights) (as --keep)</source>
        <translation>本次运行保留为模型的权重：验证损失最低的一轮，或最后一轮（one-cycle 或余弦调度在结束时权重最稳定）（同 --keep）</translation>
    </message>
    <message>
        <source> epochs</source>
        <translation> 轮</translation>
    </message>
    <message>
        <source>Early stopping: stop after this many epochs without a better validation loss</source>
        <translation>提前停止：验证损失连续这么多轮没有改善就停止</translation>
    </message>
    <message>
        <source>Seeds the weights, the validation split, the batch order and augmentation</source>
        <translation>用于权重初始化、验证集划分、批次顺序和数据增强的随机种子</translation>
    </message>
    <message>
        <source>Where training runs; only devices available on this computer are listed</source>
        <translation>在哪里训练；只列出这台电脑上可用的设备</translation>
    </message>
    <message>
        <source>Training</source>
        <translation>训练</translation>
    </message>
    <message>
        <source>The shipped model&apos;s recipe</source>
        <translation>自带模型的配方</translation>
    </message>
    <message>
        <source>Set every setting to the recipe the shipped model was trained with</source>
        <translation>把所有设置设为训练自带模型时的配方</translation>
    </message>
    <message>
        <source>A checkpoint&apos;s recipe…</source>
        <translation>检查点的配方…</translation>
    </message>
    <message>
        <source>Set every setting to the recipe a saved model (.pt) was trained with</source>
        <translation>把所有设置设为训练某个已保存模型（.pt）时的配方</translation>
    </message>
    <message>
        <source>The default settings</source>
        <translation>默认设置</translation>
    </message>
    <message>
        <source>The quick recipe</source>
        <translation>快速配方</translation>
    </message>
    <message>
        <source>Two epochs at batch 256 with lighter augmentation: 99% on MNIST&apos;s test digits, quickly; less robust than the default</source>
        <translation>批大小 256、较轻的数据增强、训练两轮：很快就能在 MNIST 测试集上达到 99%；稳健性不如默认设置</translation>
    </message>
    <message>
        <source>Use a recipe</source>
        <translation>使用配方</translation>
    </message>
    <message>
        <source>Set every setting to the recipe of a model, to train it again</source>
        <translation>把所有设置设为某个模型的配方，以便重新训练</translation>
    </message>
    <message>
        <source>Architecture</source>
        <translation>架构</translation>
    </message>
    <message>
        <source>Optimiser</source>
        <translation>优化器</translation>
    </message>
    <message>
        <source>Schedule</source>
        <translation>学习率计划</translation>
    </message>
    <message>
        <source>Warm-up, regularisation, the pen renderings, which weights are kept, early stopping, the seed, the device and the precision</source>
        <translation>预热、正则化、手写渲染、保留哪一轮的权重、提前停止、随机种子、设备和精度</translation>
    </message>
    <message>
        <source>Warm-up</source>
        <translation>预热</translation>
    </message>
    <message>
        <source>Batch size</source>
        <translation>批大小</translation>
    </message>
    <message>
        <source>Epochs</source>
        <translation>轮数</translation>
    </message>
    <message>
        <source>Weight decay</source>
        <translation>权重衰减</translation>
    </message>
    <message>
        <source>Dropout</source>
        <translation>Dropout</translation>
    </message>
    <message>
        <source>Label smoothing</source>
        <translation>标签平滑</translation>
    </message>
    <message>
        <source>Augmentation</source>
        <translation>数据增强</translation>
    </message>
    <message>
        <source>Synthetic digits</source>
        <translation>合成数字</translation>
    </message>
    <message>
        <source>Real handwriting</source>
        <translation>真实手写</translation>
    </message>
    <message>
        <source>Pen share</source>
        <translation>手写占比</translation>
    </message>
    <message>
        <source>Pen renderings</source>
        <translation>手写渲染数</translation>
    </message>
    <message>
        <source>Blended writers</source>
        <translation>混合书写者</translation>
    </message>
    <message>
        <source>Weights kept</source>
        <translation>保留的权重</translation>
    </message>
    <message>
        <source>Early stopping</source>
        <translation>提前停止</translation>
    </message>
    <message>
        <source>Seed</source>
        <translation>随机种子</translation>
    </message>
    <message>
        <source>Device</source>
        <translation>设备</translation>
    </message>
    <message>
        <source>The arithmetic of training: fp32, or mixed precision (bf16, or fp16 with a gradient scaler); automatic is the fastest that keeps the accuracy here</source>
        <translation>训练所用的数值精度：fp32，或混合精度（bf16，或带梯度缩放的 fp16）；“自动”会选择在这里不损失准确率的最快方式</translation>
    </message>
    <message>
        <source>Precision</source>
        <translation>数值精度</translation>
    </message>
    <message>
        <source>More settings</source>
        <translation>更多设置</translation>
    </message>
    <message numerus="yes">
        <source>More settings · %n changed</source>
        <translation>
            <numerusform>更多设置 · 已更改 %n 项</numerusform>
        </translation>
    </message>
    <message>
        <source>No recipe to use: {0}</source>
        <translation>没有可用的配方：{0}</translation>
    </message>
    <message>
        <source>Dropout before the classifier</source>
        <translation>分类器之前的 Dropout</translation>
    </message>
    <message>
        <source>This architecture has no dropout</source>
        <translation>此架构没有 Dropout</translation>
    </message>
    <message>
        <source>off</source>
        <translation>关闭</translation>
    </message>
    <message>
        <source>Touching digits</source>
        <translation>相连的数字</translation>
    </message>
    <message>
        <source>off: no file chosen</source>
        <translation>关闭：未选择文件</translation>
    </message>
    <message>
        <source>no such file here</source>
        <translation>此处没有该文件</translation>
    </message>
    <message>
        <source>{0} does not exist</source>
        <translation>{0} 不存在</translation>
    </message>
    <message>
        <source>off while the pen share is 0%</source>
        <translation>手写占比为 0% 时关闭</translation>
    </message>
    <message>
        <source>prepared before training</source>
        <translation>训练前准备</translation>
    </message>
    <message>
        <source>{0}: each digit is rendered {1}× before the first batch, a minute or more for a few thousand digits</source>
        <translation>{0}：每个数字在第一批之前渲染 {1} 次，几千个数字需要一分钟或更久</translation>
    </message>
    <message>
        <source>Pen-recorded digits</source>
        <translation>笔迹录制的数字</translation>
    </message>
    <message>
        <source>Stroke JSON (*.json);;All files (*)</source>
        <translation>笔画 JSON (*.json);;所有文件 (*)</translation>
    </message>
    <message>
        <source>The recipe of a model</source>
        <translation>模型的配方</translation>
    </message>
    <message>
        <source>Checkpoints (*.pt);;All files (*)</source>
        <translation>检查点 (*.pt);;所有文件 (*)</translation>
    </message>
</context>
<context>
    <name>TrainingTab</name>
    <message>
        <source>Curves</source>
        <extracomment>batch events reach the GUI at most this many times a second (gathered into lists) a test image was clicked: (28x28 float32 image with ink = 1, a name for it) &quot;Look inside&quot; chosen for a test image: (28x28 float32 image, a name for it) &quot;Use this model&quot;: (a :class:`~mnistgui.core.predict.Predictor`, its checkpoint path) the state changed: &quot;idle&quot;, &quot;preparing&quot; (the run&apos;s digits are being rendered), &quot;running&quot;, &quot;paused&quot;, &quot;stopping&quot;, &quot;finished&quot; or &quot;failed&quot;</extracomment>
        <translation>曲线</translation>
    </message>
    <message>
        <source>Evaluation</source>
        <translation>评估</translation>
    </message>
    <message>
        <source>Runs</source>
        <translation>训练记录</translation>
    </message>
    <message>
        <source>The saved training settings could not be read ({0}); the defaults are shown.</source>
        <translation>无法读取保存的训练设置（{0}）；现显示默认设置。</translation>
    </message>
    <message>
        <source>Load MNIST first: from the app&apos;s cache, a folder, or a download (left).</source>
        <translation>请先加载 MNIST：从程序缓存、文件夹或下载获取（左侧）。</translation>
    </message>
    <message>
        <source>Cannot start: {0}</source>
        <translation>无法开始：{0}</translation>
    </message>
    <message>
        <source>paused after the batch under way; Resume goes on from there</source>
        <translation>已在当前批次后暂停；“继续”从那里接着训练</translation>
    </message>
    <message>
        <source>training…</source>
        <translation>训练中…</translation>
    </message>
    <message>
        <source>stopping: no run starts once the preparation under way ends…</source>
        <translation>正在停止：当前准备工作结束后不会开始训练…</translation>
    </message>
    <message>
        <source>stopping after the batch under way…</source>
        <translation>将在当前批次后停止…</translation>
    </message>
    <message>
        <source>Cannot use that model: {0}</source>
        <translation>无法使用该模型：{0}</translation>
    </message>
    <message>
        <source>The Draw tab now reads with {0}.</source>
        <translation>“手写”标签页现在用 {0} 识别。</translation>
    </message>
    <message>
        <source>Start a new run with these settings</source>
        <translation>用这些设置开始新的训练</translation>
    </message>
    <message>
        <source>Load MNIST first (left)</source>
        <translation>请先加载 MNIST（左侧）</translation>
    </message>
    <message>
        <source>Resume</source>
        <translation>继续</translation>
    </message>
    <message>
        <source>Pause</source>
        <translation>暂停</translation>
    </message>
    <message>
        <source>Evaluate the latest weights on the test set now</source>
        <translation>立即在测试集上评估最新权重</translation>
    </message>
    <message>
        <source>Available once the first epoch has ended</source>
        <translation>第一轮结束后可用</translation>
    </message>
    <message>
        <source>failed (see the message above); what was saved is kept in Runs</source>
        <translation>失败（见上方消息）；已保存的内容保留在训练记录中</translation>
    </message>
    <message>
        <source>done</source>
        <translation>完成</translation>
    </message>
    <message>
        <source>stopped early (the validation loss stopped improving)</source>
        <translation>提前停止（验证损失不再下降）</translation>
    </message>
    <message>
        <source>stopped</source>
        <translation>已停止</translation>
    </message>
    <message>
        <source>Stopped before the first epoch ended: nothing was trained, so no run is kept. Press Start to train.</source>
        <translation>在第一轮结束前已停止：没有训练任何内容，因此不保留这次训练。点击“开始”进行训练。</translation>
    </message>
    <message numerus="yes">
        <source>{0}: %n epoch(s) in {1}; the final model (epoch {2}) kept in Runs</source>
        <translation>
            <numerusform>{0}：%n 轮，用时 {1}；最后一轮的模型（第 {2} 轮）已保留在训练记录中</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>{0}: %n epoch(s) in {1}; best model (epoch {2}) kept in Runs</source>
        <translation>
            <numerusform>{0}：%n 轮，用时 {1}；最佳模型（第 {2} 轮）已保留在训练记录中</numerusform>
        </translation>
    </message>
    <message>
        <source>{0} before the first epoch ended: no model to keep</source>
        <translation>{0}，在第一轮结束之前：没有可保留的模型</translation>
    </message>
    <message>
        <source>Press Start to train with these settings.</source>
        <translation>点击“开始”即用这些设置训练。</translation>
    </message>
    <message>
        <source>the recipe of {0}</source>
        <translation>{0} 的配方</translation>
    </message>
    <message>
        <source>the default settings</source>
        <translation>默认设置</translation>
    </message>
    <message numerus="yes">
        <source>Settings: {0} (%n epoch(s)); press Start to train it.</source>
        <translation>
            <numerusform>设置：{0}（%n 轮）；点击“开始”进行训练。</numerusform>
        </translation>
    </message>
    <message>
        <source>peak learning rate now {0:g}, from the next batch, for this run only (the settings go back to {1:g} when it ends)</source>
        <translation>峰值学习率现为 {0:g}，从下一批起生效，仅限这次训练（结束后设置恢复为 {1:g}）</translation>
    </message>
    <message>
        <source>Predictions</source>
        <translation>预测</translation>
    </message>
    <message>
        <source>Model</source>
        <translation>模型</translation>
    </message>
    <message>
        <source>Next run</source>
        <translation>下一次训练</translation>
    </message>
</context>
<context>
    <name>Transfer</name>
    <message>
        <source>{0}: the stroke file holds no samples</source>
        <extracomment>encoded image formats taken from the clipboard or a drop, lossless ones first</extracomment>
        <translation>{0}：笔画文件中没有样本</translation>
    </message>
    <message>
        <source>{0} image</source>
        <translation>{0}中的图像</translation>
    </message>
    <message>
        <source>the {0} holds nothing this app can read</source>
        <translation>{0}中没有本程序能读取的内容</translation>
    </message>
    <message>
        <source>the clipboard or drop holds an empty image</source>
        <translation>剪贴板或拖入的内容是一张空图像</translation>
    </message>
    <message>
        <source>the {0}</source>
        <translation>{0}</translation>
    </message>
    <message>
        <source>image is too large ({0}x{1} pixels)</source>
        <translation>图像太大（{0}x{1} 像素）</translation>
    </message>
    <message>
        <source>the {0}: {1}</source>
        <translation>{0}：{1}</translation>
    </message>
</context>
<context>
    <name>UndoCommand</name>
    <message>
        <source>Draw stroke</source>
        <translation>笔画</translation>
    </message>
    <message>
        <source>Erase</source>
        <translation>擦除</translation>
    </message>
    <message>
        <source>Change pen width</source>
        <translation>更改笔宽</translation>
    </message>
</context>
<context>
    <name>UnsureBadge</name>
    <message>
        <source>Unsure</source>
        <extracomment>the height of a candidate button</extracomment>
        <translation>不确定</translation>
    </message>
</context>
<context>
    <name>UnsureQuestion</name>
    <message>
        <source>✓ Saved as a {0} — thanks</source>
        <extracomment>the user says the drawing is this digit (one of the two candidates) the label the drawing was saved with, once it was (else None)</extracomment>
        <translation>✓ 已存为 {0}，谢谢</translation>
    </message>
    <message>
        <source>unsure</source>
        <translation>不确定</translation>
    </message>
    <message>
        <source>{0} or {1}? Which is it?</source>
        <translation>是 {0} 还是 {1}？</translation>
    </message>
    <message>
        <source>The top digit has less than {0:.0f}% calibrated probability: the model is not sure.</source>
        <translation>最可能的数字的校准概率低于 {0:.0f}%：模型没有把握。</translation>
    </message>
    <message>
        <source>Not saved: try again?</source>
        <translation>未保存：再试一次？</translation>
    </message>
</context>
<context>
    <name>VersionsPanel</name>
    <message>
        <source>shipped with mnistgui</source>
        <translation>mnistgui 自带</translation>
    </message>
    <message>
        <source>trained in the Train tab</source>
        <translation>在“训练”标签页训练</translation>
    </message>
    <message>
        <source>fine-tuned from {0}</source>
        <translation>由 {0} 微调而来</translation>
    </message>
    <message>
        <source>fine-tuned</source>
        <translation>已微调</translation>
    </message>
    <message>
        <source>opened from a file</source>
        <translation>从文件打开</translation>
    </message>
    <message>
        <source>{0} samples + {1} held out</source>
        <translation>{0} 个样本 + {1} 个留出</translation>
    </message>
    <message>
        <source>Model</source>
        <extracomment>something to tell the user: (title, text, is_warning) a comparison finished</extracomment>
        <translation>模型</translation>
    </message>
    <message>
        <source>Lineage</source>
        <translation>来源</translation>
    </message>
    <message>
        <source>Made</source>
        <translation>创建时间</translation>
    </message>
    <message>
        <source>Trained on</source>
        <translation>训练数据</translation>
    </message>
    <message>
        <source>Held-out accuracy</source>
        <translation>留出样本准确率</translation>
    </message>
    <message>
        <source>MNIST test</source>
        <translation>MNIST 测试</translation>
    </message>
    <message>
        <source>Model library</source>
        <translation>模型库</translation>
    </message>
    <message>
        <source>Every model: the one that ships with the app, each training run&apos;s best and each fine-tune. The one in use reads your drawings; switches can be undone.</source>
        <translation>所有模型：程序自带的模型、每次训练的最佳模型以及每次微调的结果。正在使用的模型负责识别你的手写；切换可以撤销。</translation>
    </message>
    <message>
        <source>Use this model</source>
        <translation>使用此模型</translation>
    </message>
    <message>
        <source>Read with the selected model from now on</source>
        <translation>从现在起用所选模型识别</translation>
    </message>
    <message>
        <source>Undo switch</source>
        <translation>撤销切换</translation>
    </message>
    <message>
        <source>Go back to the model used before the last switch</source>
        <translation>回到上次切换之前使用的模型</translation>
    </message>
    <message>
        <source>Redo switch</source>
        <translation>重做切换</translation>
    </message>
    <message>
        <source>Use again the model the last undo left</source>
        <translation>重新使用上次撤销前的模型</translation>
    </message>
    <message>
        <source>Roll back</source>
        <translation>回退</translation>
    </message>
    <message>
        <source>Go back to the model the one in use was fine-tuned from</source>
        <translation>回到当前模型微调之前的模型</translation>
    </message>
    <message>
        <source>Compare</source>
        <translation>比较</translation>
    </message>
    <message>
        <source>Measure the selected model and the one in use on your held-out samples and on MNIST&apos;s test set</source>
        <translation>在你留出的样本和 MNIST 测试集上测量所选模型与当前使用的模型</translation>
    </message>
    <message>
        <source>Delete</source>
        <translation>删除</translation>
    </message>
    <message>
        <source>Delete the selected fine-tuned version (not the one in use)</source>
        <translation>删除所选的微调版本（正在使用的除外）</translation>
    </message>
    <message>
        <source>Comparison</source>
        <translation>比较</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>关闭</translation>
    </message>
    <message>
        <source>Hide the comparison</source>
        <translation>隐藏比较</translation>
    </message>
    <message>
        <source>● in use</source>
        <translation>● 使用中</translation>
    </message>
    <message>
        <source>In use: {0}</source>
        <translation>正在使用：{0}</translation>
    </message>
    <message>
        <source>Cannot compare</source>
        <translation>无法比较</translation>
    </message>
    <message>
        <source>Measuring {0} against {1}…</source>
        <translation>正在比较 {0} 与 {1}…</translation>
    </message>
    <message>
        <source>Delete the selected fine-tuned version</source>
        <translation>删除所选的微调版本</translation>
    </message>
    <message>
        <source>The model in use cannot be deleted: switch to another first</source>
        <translation>正在使用的模型不能删除：请先切换到其他模型</translation>
    </message>
    <message>
        <source>Only fine-tuned versions are deleted here: runs in the Train tab&apos;s Runs list, and the shipped model is always kept</source>
        <translation>这里只能删除微调版本：训练结果请在“训练”标签页的训练列表中删除，自带模型始终保留</translation>
    </message>
    <message>
        <source>Back to {0}, the model used before the last switch</source>
        <translation>回到 {0}，即上次切换之前使用的模型</translation>
    </message>
    <message>
        <source>No switch to undo</source>
        <translation>没有可撤销的切换</translation>
    </message>
    <message>
        <source>Use {0} again</source>
        <translation>重新使用 {0}</translation>
    </message>
    <message>
        <source>No switch to redo</source>
        <translation>没有可重做的切换</translation>
    </message>
    <message>
        <source>Roll back to {0}</source>
        <translation>回退到 {0}</translation>
    </message>
    <message>
        <source>{0} was fine-tuned from {1}: read with {1} again (Undo switch comes back)</source>
        <translation>{0} 由 {1} 微调而来：重新用 {1} 识别（“撤销切换”可以回来）</translation>
    </message>
    <message>
        <source>{0} was fine-tuned from {1}, which is no longer kept</source>
        <translation>{0} 由 {1} 微调而来，但 {1} 已不再保留</translation>
    </message>
    <message>
        <source>{0} was not fine-tuned from another model: nothing to roll back to</source>
        <translation>{0} 不是由其他模型微调而来：没有可回退的模型</translation>
    </message>
    <message>
        <source> Collect at least five of a digit to have held-out samples.</source>
        <translation>每个数字至少采集五个，才会有留出样本。</translation>
    </message>
    <message>
        <source>{0} against {1}, on your {2} held-out samples</source>
        <translation>{0} 与 {1} 的比较，基于你的 {2} 个留出样本</translation>
    </message>
    <message>
        <source> and {0} MNIST test images.</source>
        <translation>和 {0} 张 MNIST 测试图像。</translation>
    </message>
    <message>
        <source> (MNIST not found, so not measured on it).</source>
        <translation>（未找到 MNIST，因此未在其上评估）。</translation>
    </message>
    <message>
        <source>The comparison failed: {0}</source>
        <translation>比较失败：{0}</translation>
    </message>
</context>
<context>
    <name>Worker</name>
    <message>
        <source>Out of memory: try a smaller batch size or a smaller model.</source>
        <translation>内存不足：请尝试更小的批大小或更小的模型。</translation>
    </message>
    <message>
        <source>Unexpected error: {0}</source>
        <translation>意外错误：{0}</translation>
    </message>
</context>
<context>
    <name>_TabHost</name>
    <message>
        <source>Loading the model…</source>
        <extracomment>the smallest the window goes: an 800x600 screen, less a panel or a title bar after the model arrives, the other pages wait this long: the first reading is painted first</extracomment>
        <translation>正在加载模型…</translation>
    </message>
</context>
</TS>
