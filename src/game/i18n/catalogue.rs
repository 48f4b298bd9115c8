//! The catalogue itself: every interface text as a key with its English and Russian.

use super::Lang;

macro_rules! catalogue {
    ($($key:ident => $en:literal, $ru:literal;)*) => {
        /// A catalogue key.
        #[derive(Clone, Copy, Debug, PartialEq, Eq)]
        pub enum T { $($key),* }

        impl T {
            /// Every key, for completeness tests.
            pub const ALL: &'static [T] = &[$(T::$key),*];
        }

        /// The text of a key in a language; `{}` marks where [`fill`] puts values.
        pub fn tr(lang: Lang, key: T) -> &'static str {
            match (lang, key) {
                $((Lang::En, T::$key) => $en, (Lang::Ru, T::$key) => $ru,)*
            }
        }
    };
}

catalogue! {
    AppTagline => "Practise real sales conversations", "Тренажёр реальных переговоров с клиентом";
    Practice => "Practice", "Тренировка";
    PracticeHint => "Meet a customer; the coach comments on every reply.", "Встреча с клиентом; тренер комментирует каждый ответ.";
    Assessment => "Assessment", "Оценка кандидата";
    Seminar => "Seminar", "Семинар";
    AssessmentHint => "Timed, identical screening for recruiters.", "Одинаковый тест на время для рекрутеров.";
    SeminarHint => "A group plays the same customer, then compares.", "Группа играет одного клиента и сравнивает.";
    History => "History", "История";
    Settings => "Settings", "Настройки";
    Quit => "Quit", "Выход";
    YourName => "Your name", "Ваше имя";
    NamePlaceholder => "Type your name", "Введите имя";
    NameNeeded => "Enter your name to start.", "Введите имя, чтобы начать.";
    Back => "Back", "Назад";
    ChooseScenario => "Choose a customer", "Выберите клиента";
    Difficulty => "Difficulty", "Сложность";
    Minutes => "{} min", "{} мин";
    Start => "Start", "Начать";
    BrokenScenario => "This scenario cannot be played:", "Этот сценарий нельзя сыграть:";
    NoScenarios => "No scenarios found.", "Сценарии не найдены.";
    Patience => "Patience", "Терпение";
    Trust => "Trust", "Доверие";
    PressDigit => "Press 1–{} or click a reply.", "Нажмите 1–{} или выберите ответ.";
    Coach => "Coach", "Тренер";
    Continue => "Continue", "Дальше";
    ContinueHint => "Enter or Space to continue", "Enter или пробел — дальше";
    Transcript => "Conversation so far", "Ход разговора";
    You => "You", "Вы";
    CustomerLeft => "{} has left.", "{} ушёл(ушла).";
    ConversationOver => "The conversation is over.", "Разговор окончен.";
    SeeDebrief => "See the debrief", "К разбору";
    NeedFound => "Need discovered: {}", "Выявлена потребность: {}";
    ObjectionMoved => "Objection \u{201c}{}\u{201d}: {}", "Возражение «{}»: {}";
    TrustChange => "Trust: {} to {}", "Доверие: с {} до {}";
    PatienceChange => "Patience: {} to {}", "Терпение: с {} до {}";
    ClosingChange => "Closing {}", "Завершение сделки {}";
    StyleCounted => "Counted as {}", "Засчитано как {}";
    SlowReply => "Slow reply: +0.5 melancholic", "Медленный ответ: +0,5 к меланхолическому";
    PreferredBonus => "{} likes this style", "{} нравится такой стиль";
    DrawnOut => "Drawn-out talk tires the customer", "Затянутая речь утомляет клиента";
    Debrief => "Debrief", "Разбор";
    Outcome => "Outcome", "Итог";
    NeedsDiscovery => "Needs discovery", "Выявление потребностей";
    ObjectionHandling => "Objection handling", "Работа с возражениями";
    Closing => "Closing", "Завершение сделки";
    Overall => "Overall", "Итоговый балл";
    NotAssessed => "not assessed: no objection came up", "не оценивалось: возражений не было";
    FoundBy => "found by reply {}", "выявлено ответом {}";
    FoundOnEntry => "the customer volunteered it", "клиент сказал сам";
    Missed => "missed", "упущено";
    ClosingBaseOutcome => "{} points for how the talk ended", "{} баллов за то, чем закончился разговор";
    ClosingBaseEnding => "{} points set by this ending", "{} баллов задано этой концовкой";
    ByReply => "reply {}", "ответ {}";
    OnEntering => "when the customer said it", "когда клиент это сказал";
    Style => "Play style", "Стиль игры";
    StyleEvidence => "Replies that counted", "Засчитанные ответы";
    FitNoPreference => "This customer has no preferred style.", "У этого клиента нет предпочтительного стиля.";
    FitMatches => "Your style matches what this line of business prefers ({}).", "Ваш стиль подходит этой сфере ({}).";
    FitPartly => "Partly a fit: this line of business prefers {}.", "Частично подходит: эта сфера предпочитает {}.";
    FitDiffers => "This line of business prefers {}; your style differs.", "Эта сфера предпочитает {}; ваш стиль другой.";
    Review => "Reply by reply", "Ответ за ответом";
    Retry => "Retry", "Ещё раз";
    NewVariant => "New variant", "Новый вариант";
    Scenarios => "Scenarios", "Сценарии";
    Menu => "Menu", "Меню";
    Saving => "Saving the result…", "Сохраняем результат…";
    Saved => "Result saved: {}", "Результат сохранён: {}";
    MoodIs => "Mood: {}", "Настроение: {}";
    NeedWeight => "counts {}×", "вес {}";
    OverallOutOf => "overall, out of 100", "итог из 100";
    SavedToHistory => "Saved to History", "Сохранено в истории";
    ChartAfterTwo => "The chart of your progress appears after a second conversation.", "График прогресса появится после второго разговора.";
    SaveFailed => "The result could not be saved: {}", "Не удалось сохранить результат: {}";
    SaveAgain => "Try saving again", "Сохранить ещё раз";
    Date => "Date", "Дата";
    Player => "Player", "Игрок";
    Scenario => "Scenario", "Сценарий";
    Score => "Score", "Балл";
    NoResults => "No results yet. Finish a conversation to see it here.", "Результатов пока нет. Завершите разговор, и он появится здесь.";
    OverallOverTime => "Overall score over time", "Итоговый балл по времени";
    Open => "Open", "Открыть";
    UnreadableResults => "{} result files could not be read.", "Не удалось прочитать файлов результатов: {}.";
    UiScale => "Interface scale", "Масштаб интерфейса";
    UiScaleHint => "Ctrl + and Ctrl − also change it.", "Также Ctrl + и Ctrl −.";
    FullScreen => "Full screen", "Во весь экран";
    SlowReplyThreshold => "Slow-reply threshold (seconds)", "Порог медленного ответа (секунды)";
    SlowReplyHint => "A reply slower than this adds 0.5 to the melancholic style.", "Ответ медленнее порога добавляет 0,5 к меланхолическому стилю.";
    Language => "Language", "Язык";
    SettingsSaveFailed => "Settings could not be saved: {}", "Не удалось сохранить настройки: {}";
    Brief => "Your brief", "Вводная";
    Variant => "Variant", "Вариант";
    Seed => "Seed", "Зерно";
    Customer => "Customer", "Клиент";
    PickerKeys => "Arrow keys choose, Enter starts, Esc goes back.", "Стрелки — выбор, Enter — начать, Esc — назад.";
    Then => ", then ", ", затем ";
    ShortNeeds => "Needs", "Потребности";
    ShortObjections => "Objections", "Возражения";
    ShortClosing => "Closing", "Сделка";
    ShortOverall => "Overall", "Итог";
    MenuKeys => "Enter: Practice · outside the name field (Esc leaves it): A Assessment · T Seminar · H History · S Settings · Q Quit", "Enter — тренировка · вне поля имени (Esc — выйти из него): A — оценка · T — семинар · H — история · S — настройки · Q — выход";
    Melancholic => "melancholic", "меланхолический";
    Erudite => "erudite", "эрудит";
    Executive => "executive", "исполнительный";
    Mixed => "mixed", "смешанный";
    Won => "Won", "Сделка";
    FollowUp => "Follow-up agreed", "Договорились о продолжении";
    Lost => "Lost", "Отказ";
    WalkedOut => "Walked out", "Клиент ушёл";
    Raised => "raised", "высказано";
    Resolved => "resolved", "снято";
    Recovered => "recovered", "исправлено";
    Mishandled => "mishandled", "провалено";
    NotRaised => "not raised", "не высказано";
    NextCustomer => "Customer {} of {}", "Клиент {} из {}";
    WarmUp => "Warm-up: not scored; the coach comments on each reply.", "Разминка: без оценки, тренер комментирует каждый ответ.";
    ScoredPart => "Scored: no comments, the replies in a new order, and a countdown.", "С оценкой: без комментариев, ответы в другом порядке, идёт обратный отсчёт.";
    TimeUp => "Time is up for this customer.", "Время на этого клиента истекло.";
    ReadyHint => "Press Enter when you are ready; the clock starts then.", "Нажмите Enter, когда будете готовы: тогда пойдёт время.";
    TimeLeft => "Time left {} · in total {}", "Осталось {} · всего {}";
    AssessmentComplete => "That was the last customer.", "Это был последний клиент.";
    ChooseAssessment => "Choose an assessment", "Выберите оценку";
    CandidateName => "Candidate name or ID", "Имя или номер кандидата";
    ExtraTime => "Extra time (accommodation), ×", "Дополнительное время (особые условия), ×";
    ConsentTitle => "Before you start", "Перед началом";
    ConsentText => "Rapport records your replies, how long each one took, and the scores and play style computed from them. The result is saved on this computer in {} and can later be checked for changes. It is used only for this selection process.", "Rapport записывает ваши ответы, время на каждый ответ, а также баллы и стиль, вычисленные по ним. Результат сохраняется на этом компьютере в папке {} и позже может быть проверен на изменения. Он используется только в этом отборе.";
    SealedWith => "The result will be sealed with the recruiter's key {}, so any later edit is detected.", "Результат будет запечатан ключом рекрутера {}, поэтому любое последующее изменение будет обнаружено.";
    Agree => "I have read this and agree", "Я прочитал(а) и согласен(на)";
    Instructions => "Instructions", "Инструкция";
    Limits => "{} minutes per customer, {} minutes in total.", "{} мин на клиента, всего {} мин.";
    StartAssessment => "Start the assessment", "Начать оценку";
    Interrupted => "Interrupted assessments", "Прерванные оценки";
    Resume => "Resume", "Продолжить";
    ResumeLine => "{}: {} ({} replies so far)", "{}: {} (ответов: {})";
    BrokenAssessment => "This assessment cannot be used:", "Эту оценку нельзя использовать:";
    ThankYou => "Thank you, {}.", "Спасибо, {}.";
    ThankYouText => "Your assessment is complete and has been saved. The recruiter will be in touch.", "Оценка завершена и сохранена. С вами свяжется рекрутер.";
    YourResults => "Your results", "Ваши результаты";
    BackToMenu => "Back to the menu", "В меню";
    ResumeBanner => "An assessment was interrupted; it can be resumed under Assessment.", "Оценка была прервана; её можно продолжить в разделе «Оценка кандидата».";
    OpenSeminar => "Continue a seminar", "Продолжить семинар";
    SeminarLine => "{} · {} participants · {} results", "{} · участников: {} · результатов: {}";
    NewSeminar => "New seminar", "Новый семинар";
    SeminarTitle => "Title", "Название";
    SeminarScenarios => "Scenarios the group plays", "Сценарии для группы";
    SeminarParticipants => "Participants, one per line", "Участники, по одному в строке";
    CreateSeminar => "Create the seminar", "Создать семинар";
    HotSeat => "Hot seat [P]", "Игра [P]";
    Board => "Board [B]", "Сводка [B]";
    DecisionMap => "Decision map [M]", "Карта решений [M]";
    Replay => "Replay [R]", "Повтор [R]";
    LargeText => "Large text [L]", "Крупный текст [L]";
    Export => "Export", "Экспорт";
    ShownAsKey => "key {} of the {} replies shown", "клавиша {} из {} показанных ответов";
    Exported => "The group report is saved: {} and {}", "Отчёт группы сохранён: {} и {}";
    ExportFailed => "The group report could not be saved: {}", "Не удалось сохранить отчёт группы: {}";
    Exporting => "Saving the group report…", "Сохраняем отчёт группы…";
    SeminarKeys => "Keys: P, B, M, R switch views; 1–9 seat a participant; arrows step the replay, C compares; L large text; F full screen; Esc closes.", "Клавиши: P, B, M, R — разделы; 1–9 — участник играет; стрелки — шаги повтора, C — сравнение; L — крупный текст; F — весь экран; Esc — закрыть.";
    HotSeatHint => "Participants play in turn, without the coach's comments: the group discusses afterwards.", "Участники играют по очереди, без комментариев тренера: обсуждение потом.";
    Play => "Play", "Играть";
    Played => "played", "сыграл(а)";
    AddParticipant => "Another participant", "Ещё участник";
    TimeUsed => "Time", "Время";
    SearchingMap => "Finding the best path through this conversation…", "Ищем лучший путь в этом разговоре…";
    MapFailed => "The decision map could not be computed for this scenario.", "Не удалось построить карту решений для этого сценария.";
    EffectDiscover => "finds the need: {}", "выявляет потребность: {}";
    EffectRaise => "raises the objection: {}", "вызывает возражение: {}";
    EffectResolve => "resolves the objection: {}", "снимает возражение: {}";
    EffectMishandle => "mishandles the objection: {}", "неудачно отвечает на возражение: {}";
    MapLegend => "Line width: how many chose the reply. Gold: the best path (overall {}). Click a node to see who chose what.", "Толщина линии — сколько человек выбрали ответ. Золотом — лучший путь (итог {}). Щёлкните узел, чтобы увидеть, кто что выбрал.";
    ChosenBy => "Chosen by {}: {}", "Выбрали {}: {}";
    Visits => "{} passed here", "прошли: {}";
    CompareWith => "compare with", "сравнить с";
    Step => "reply", "ответ";
    BestMark => "Best path · ", "Лучший путь · ";
    Previous => "< Previous", "< Назад";
    Next => "Next >", "Вперёд >";
    MoodNeutral => "calm", "спокоен";
    MoodPleased => "pleased", "доволен";
    MoodInterested => "interested", "заинтересован";
    MoodDoubtful => "doubtful", "сомневается";
    MoodAnnoyed => "annoyed", "раздражён";
    MoodAngry => "angry", "сердит";
    ErrForeignJournal => "The journal {} belongs to another assessment or candidate.", "Журнал {} принадлежит другой оценке или другому кандидату.";
    ErrDamagedJournal => "This run cannot be resumed: {}", "Эту попытку нельзя продолжить: {}";
    ErrSeal => "This run cannot be resumed with this recruiter's key: {}", "Эту попытку нельзя продолжить с этим ключом рекрутера: {}";
    ErrWrite => "Could not write to the data folder: {}", "Не удалось записать в папку данных: {}";
    ErrMissingScenario => "A scenario of this assessment is missing from the pack: {}", "В наборе нет сценария этой оценки: {}";
    ErrFinished => "The assessment is already finished.", "Оценка уже завершена.";
    ErrNotAJournal => "{} is not a journal that can be resumed.", "{} — не журнал, который можно продолжить.";
    ErrSeminarWrite => "The seminar file could not be read or written: {}", "Не удалось прочитать или записать файл семинара: {}";
    ErrOtherScenario => "Scenario \"{}\" is not part of this seminar.", "Сценарий «{}» не входит в этот семинар.";
    ErrOtherSeed => "This result was played with another seed ({}) than the seminar's ({}).", "Этот результат сыгран с другим зерном ({}), чем у семинара ({}).";
    ErrNotGenuine => "This result is not genuine: {}", "Этот результат не подлинный: {}";
    ErrOtherOrder => "{}'s replies were not shown in the order this seminar gives them.", "Ответы участника {} показаны не в том порядке, который даёт этот семинар.";
    ErrRepeat => "{}'s result is already in the seminar.", "Результат участника {} уже есть в семинаре.";
    ErrTooMany => "Too many seminars are named \"{}\" already.", "Семинаров с именем «{}» уже слишком много.";
    ErrUnavailable => "The assessment \"{}\" is no longer available.", "Оценка «{}» больше недоступна.";
    Leave => "Leave [Esc]", "Выйти [Esc]";
    ShowBrief => "Brief [B]", "Задание [B]";
    ShowTranscript => "Transcript [B]", "Ход беседы [B]";
    LeaveQuestion => "Leave this conversation?", "Выйти из разговора?";
    LeaveNothingSaved => "Nothing is saved: a conversation left before its end does not appear in your history.", "Ничего не сохранится: прерванный разговор не попадёт в историю.";
    KeepTalking => "Keep talking", "Продолжить разговор";
    LeaveForGood => "Leave", "Выйти";
}
