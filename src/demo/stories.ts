import type { DemoAuthorKey, DemoSeriesKey } from './sections.ts';
import type { Motif } from './images.ts';

/**
 * The demo edition's stories. Every person, place, company and event here is invented
 * for the demo; none of it is news.
 */
export interface DemoStory {
  /** Sub-section path. */
  readonly s: string;
  readonly h: string;
  /** The dek. */
  readonly d: string;
  readonly dl: string;
  readonly p: readonly string[];
  readonly t: readonly string[];
  readonly a?: readonly DemoAuthorKey[];
  readonly sr?: DemoSeriesKey;
  readonly top?: boolean;
  /** Hours before the seed time that the story was published. */
  readonly ago: number;
  readonly img: Motif;
  readonly cap: string;
  readonly upd?: readonly { readonly ago: number; readonly note: string; readonly kind?: 'update' | 'correction' }[];
  /** Walled: for members or for subscribers (the demo shows the paywall on a couple of older stories). */
  readonly acc?: 'members' | 'paid';
}

export const DEMO_STORIES: readonly DemoStory[] = [
  // Politics
  {
    s: 'politics/politics-government', ago: 1.5, top: true, img: 'chamber', a: ['morimoto'],
    h: 'Cabinet Approves Record Disaster-Readiness Budget as Coastal Towns Press for Sea Walls',
    d: 'The package would fund evacuation towers, backup power for hospitals and a new early-warning network.',
    dl: 'TOKYO',
    cap: 'Lawmakers gather in the lower house chamber before Tuesday’s vote.',
    t: ['Budget', 'Disasters'],
    p: [
      'The Cabinet of Prime Minister Haruto Kanzaki on Tuesday approved a disaster-readiness budget of ¥2.4 trillion, the largest in the fictional ledger the demo edition keeps, after weeks of pressure from mayors along the Aozora coast.',
      'The plan sets aside money for evacuation towers in low-lying districts, diesel and battery backup for regional hospitals, and a network of offshore pressure sensors meant to give coastal towns several more minutes of warning.',
      '“Every minute we add to a warning is measured in lives,” Kanzaki told reporters after the meeting. Opposition leaders said the plan still leaves smaller municipalities to find matching funds they do not have.',
      'The budget now goes to the Diet, where the governing coalition holds a comfortable majority in both chambers.',
    ],
    upd: [{ ago: 0.5, note: 'Adds the opposition’s response and the timetable for the Diet debate.' }],
  },
  {
    s: 'politics/politics-government', ago: 5, img: 'chamber', a: ['morimoto'],
    h: 'Upper House Panel Summons Transport Minister Over Delayed Rural Bus Subsidies',
    d: 'Municipalities say the delay has already forced three routes to cut evening services.',
    dl: 'TOKYO',
    cap: 'The upper house transport committee room ahead of the hearing.',
    t: ['Transport', 'Budget'],
    p: [
      'An upper house committee voted on Monday to call Transport Minister Reiko Adachi to explain why subsidies promised to rural bus operators in spring have yet to arrive.',
      'Operators in Kitamori and Minamihara prefectures say they have borrowed to keep routes running and that three lines have already dropped their last evening departures.',
      'Adachi’s ministry said the payments were held up by a new auditing system and would be made “within weeks.” Committee members from both the governing and opposition parties said that was not soon enough.',
    ],
  },
  {
    s: 'politics/politics-government', ago: 30, img: 'chamber', a: ['morimoto', 'tanabe'],
    h: 'Kanzaki’s Approval Rating Edges Up to 48% After Wage Package',
    d: 'The monthly survey found support strongest among voters in their 30s and 40s.',
    dl: 'TOKYO',
    cap: 'Prime Minister Haruto Kanzaki speaks at a press conference last week.',
    t: ['Elections'],
    p: [
      'Support for the Cabinet of Prime Minister Haruto Kanzaki rose three points to 48% in the demo edition’s monthly survey, the first increase since the summer.',
      'Respondents who backed the government most often cited the wage package passed last month, which raises the minimum wage in stages and expands subsidies for firms that lift pay for part-time staff.',
      'Disapproval fell to 39%. Among voters who support no party, a group that decides most close races, approval stood at 31%.',
    ],
  },
  {
    s: 'politics/politics-government', ago: 96, img: 'chamber', a: ['morimoto'],
    h: 'Governing Coalition Agrees on Date for Kitamori Governor Race',
    d: 'The election will be the first test of the coalition’s new candidate-selection rules.',
    dl: 'KITAMORI',
    cap: 'Campaign posters boards stand ready outside the Kitamori prefectural office.',
    t: ['Elections'],
    p: [
      'The governing coalition’s local chapters agreed on Thursday to hold the Kitamori gubernatorial election on the second Sunday of next month, after incumbent Governor Shinji Hatano said he would not seek a fourth term.',
      'Under rules adopted this year, the coalition will choose its candidate in a vote of local members rather than by agreement among party elders.',
      'Two prefectural assembly members and a former vice minister have said they will seek the nomination.',
    ],
  },
  {
    s: 'politics/defense-security', ago: 11, top: true, img: 'sea', a: ['okafor'],
    h: 'Coast Guard to Double Patrol Vessels Around Outlying Islands by 2030',
    d: 'The plan includes new long-range drones and a maintenance base on Hakuro Island.',
    dl: 'PORT HAKURO',
    cap: 'A patrol vessel leaves Port Hakuro at dawn on Wednesday.',
    t: ['Defense', 'Budget'],
    p: [
      'The Coast Guard will double the number of large patrol vessels assigned to the outlying islands by 2030 under a plan approved by the Cabinet on Wednesday.',
      'The plan also funds eight long-range surveillance drones and a maintenance base on Hakuro Island, so that ships no longer need to return to the mainland for repairs.',
      'Officials said the number of foreign vessels entering the surrounding waters without notice had risen each year since 2021. Fishing cooperatives on the islands welcomed the move but asked for a say in where the base is built.',
    ],
  },
  {
    s: 'politics/defense-security', ago: 170, img: 'sea', a: ['okafor'],
    h: 'Defense Ministry Opens Cyber Training School to Private-Sector Engineers',
    d: 'Up to 200 engineers a year from utilities and telecoms will train alongside officers.',
    dl: 'TOKYO',
    cap: 'Trainees work through an exercise at the ministry’s cyber range.',
    t: ['Defense', 'AI'],
    p: [
      'The Defense Ministry will open its cyber training school to engineers from power, water and telecommunications companies from April, ministry officials said on Friday.',
      'Up to 200 private-sector engineers a year will take a six-week course alongside officers, with exercises that simulate attacks on control systems.',
      'Officials said the aim is to build a shared vocabulary between the military and the operators of infrastructure that an attacker would target first.',
    ],
  },
  // Society
  {
    s: 'society/general-news', ago: 3, top: true, img: 'rain', a: ['tanabe'],
    h: 'Heavy Rain Halts Shiranami Line; Evacuation Advisories Issued in Three Towns',
    d: 'Up to 300 millimeters of rain is forecast in parts of Minamihara Prefecture by Thursday morning.',
    dl: 'MINAMIHARA',
    cap: 'Rain falls over the Shiranami River on Wednesday afternoon.',
    t: ['Disasters', 'Transport'],
    p: [
      'Torrential rain suspended services on the Shiranami Line on Wednesday and prompted evacuation advisories for about 18,000 residents in three towns of Minamihara Prefecture.',
      'The weather agency said a stationary front could bring up to 300 millimeters of rain to mountainous areas by Thursday morning and urged residents near rivers and steep slopes to move to shelters before dark.',
      'The prefectural government opened 42 shelters. No injuries had been reported by evening.',
    ],
    upd: [
      { ago: 2, note: 'Adds the number of residents covered by the advisories.' },
      { ago: 1, note: 'Adds shelter openings and the weather agency’s updated forecast.' },
    ],
  },
  {
    s: 'society/general-news', ago: 20, img: 'city', a: ['tanabe'],
    h: 'Tsukiyama Schools to Start Later in Summer as Heat Days Multiply',
    d: 'Classes will begin at 9:30 a.m. in July and August, and outdoor sports will move to the evening.',
    dl: 'TSUKIYAMA',
    cap: 'Students walk to school in Tsukiyama on a hot morning in July.',
    t: ['Education', 'Climate'],
    p: [
      'The Tsukiyama city board of education said on Monday that its 64 public schools will start classes an hour later in July and August from next year.',
      'Outdoor physical education will move to late afternoon or be held indoors when the heat index passes a set level. The city recorded 29 days above 35 C last summer, up from nine a decade ago.',
      'Parents’ groups welcomed the change but asked the city to extend after-school care so working families are not squeezed at the other end of the day.',
    ],
  },
  {
    s: 'society/general-news', ago: 60, img: 'city', a: ['tanabe'],
    h: 'Volunteer Fire Brigades Recruit Retirees as Young Members Dwindle',
    d: 'A new national guideline lets people up to 75 join, with duties matched to fitness.',
    dl: 'AOZORA',
    cap: 'Members of a volunteer brigade inspect a hose during a drill.',
    t: ['Aging Society'],
    p: [
      'Volunteer fire brigades in rural areas are turning to retirees to fill their ranks under a guideline issued by the Fire and Disaster Management Agency this month.',
      'The guideline raises the recommended upper age for new members to 75 and lets brigades assign older members to roles such as logistics, radio and evacuation guidance rather than front-line firefighting.',
      'In Aozora Prefecture, membership has fallen by a third in 15 years. “We would rather have an experienced 68-year-old on the radio than nobody at all,” said one brigade chief.',
    ],
  },
  {
    s: 'society/general-news', ago: 200, img: 'city', a: ['tanabe'],
    h: 'Survey Finds 1 in 4 Apartment Buildings Lack Plans for Elevator Outages',
    d: 'Residents on upper floors are most at risk in long power cuts, the survey said.',
    dl: 'TOKYO',
    cap: 'A high-rise apartment complex on the city’s waterfront.',
    t: ['Housing', 'Disasters'],
    p: [
      'A quarter of apartment buildings of 10 floors or more have no plan for helping residents when elevators stop in a long power cut, according to a survey by a national condominium association.',
      'The association urged management boards to keep lists of residents who would need help on stairs and to store water on upper floors.',
    ],
  },
  {
    s: 'society/crime-courts', ago: 8, img: 'court', a: ['okafor'],
    h: 'High Court Orders Retrial in 1998 Warehouse Fire Case',
    d: 'The court said new forensic evidence undermines the original finding of arson.',
    dl: 'OSAKI',
    cap: 'Supporters of the defendant gather outside the Osaki High Court on Tuesday.',
    t: ['Courts'],
    p: [
      'The Osaki High Court on Tuesday ordered a retrial for a man convicted of setting a fatal warehouse fire in 1998, saying new forensic analysis cast serious doubt on the finding that the fire was set deliberately.',
      'Defense lawyers presented tests by fire scientists suggesting the blaze could have started in faulty wiring. Prosecutors have a week to appeal to the Supreme Court.',
      'The man, now 71, has always maintained his innocence. He was released on parole in 2019.',
    ],
    upd: [{ ago: 6, kind: 'correction', note: 'An earlier version misstated the year the man was paroled. It was 2019, not 2018.' }],
  },
  {
    s: 'society/crime-courts', ago: 50, img: 'court', a: ['okafor'],
    h: 'Police Warn of Phone Scams Posing as Utility Refund Offices',
    d: 'Losses reported in the Kanto region this year have topped ¥900 million.',
    dl: 'TOKYO',
    cap: 'A police officer hands out leaflets about phone scams at a train station.',
    t: ['Aging Society'],
    p: [
      'Police are warning residents about phone calls from people claiming to represent utility refund offices, who ask victims to go to a cash machine to “receive” an overpayment.',
      'The National Police Agency said losses from such scams in the Kanto region this year have passed ¥900 million, with most victims in their 70s and 80s.',
      'Officers urged anyone who receives such a call to hang up and call the utility on the number printed on their bill.',
    ],
  },
  {
    s: 'society/crime-courts', ago: 320, img: 'court', a: ['okafor'],
    h: 'Supreme Court Upholds Limits on Facial Recognition in Train Stations',
    d: 'Operators must delete images of people not on a watch list within 24 hours.',
    dl: 'TOKYO',
    cap: 'Cameras over a ticket gate at a busy commuter station.',
    t: ['Courts', 'AI'],
    p: [
      'The Supreme Court on Friday upheld rules requiring railway operators that use facial recognition cameras to delete images of passengers who are not on a watch list within 24 hours.',
      'A rail company had challenged the rules, arguing that longer retention was needed to investigate incidents. The court said the privacy of millions of commuters outweighed that need.',
    ],
  },
  // Business
  {
    s: 'business/economy', ago: 2.5, top: true, img: 'chart', a: ['arakawa'],
    h: 'Exports Rise for Third Month as Machinery Orders From Asia Recover',
    d: 'Shipments of factory equipment led the gain, offsetting weaker car exports.',
    dl: 'TOKYO',
    cap: 'Containers are stacked at a terminal in the port of Shiranami.',
    t: ['Trade', 'Economy'],
    p: [
      'Exports rose 4.1% in October from a year earlier, the third straight monthly increase, as orders for factory machinery from Asian manufacturers picked up, according to demo trade figures released on Wednesday.',
      'Shipments of semiconductor-making equipment jumped 18%, while car exports fell 2% on weaker demand in North America.',
      'Imports rose 1.3%, leaving a trade surplus for the month. Economists said the figures support the view that the economy returned to growth in the autumn.',
    ],
  },
  {
    s: 'business/economy', ago: 26, img: 'chart', a: ['arakawa'],
    h: 'Central Bank Holds Rates, Signals Patience on Further Hikes',
    d: 'Policymakers want to see whether next spring’s wage talks deliver another large rise.',
    dl: 'TOKYO',
    cap: 'The central bank’s head office in the capital.',
    t: ['Economy'],
    p: [
      'The central bank kept its policy rate unchanged at 0.75% on Friday and said it would watch next spring’s wage negotiations before deciding on another increase.',
      'Governor Akiko Mizushima said underlying inflation was “moving steadily toward our target” but that the bank wanted more evidence that wage gains were spreading to smaller companies.',
      'The currency weakened slightly after the announcement.',
    ],
  },
  {
    s: 'business/economy', ago: 140, img: 'chart', a: ['arakawa'],
    h: 'Tourist Spending Hits Quarterly Record on Regional Travel Boom',
    d: 'Visitors spent more outside the big cities than in them for the first time.',
    dl: 'TOKYO',
    cap: 'Visitors photograph autumn leaves at a mountain temple.',
    t: ['Tourism', 'Economy'],
    p: [
      'Spending by overseas visitors reached a record in the July-September quarter, and for the first time more of it was spent outside the three largest metropolitan areas than inside them, the tourism agency said.',
      'Officials credited new direct flights to regional airports and rail passes that cover rural lines. Hoteliers in some areas said staff shortages were now the main brake on growth.',
    ],
  },
  {
    s: 'business/companies', ago: 14, img: 'city', a: ['arakawa'],
    h: 'Hoshizora Motors to Build Battery Plant in Kitamori, Creating 1,800 Jobs',
    d: 'The plant will supply cells for small commercial vans from 2028.',
    dl: 'KITAMORI',
    cap: 'The site of the planned battery plant on reclaimed land in Kitamori.',
    t: ['Energy', 'Economy'],
    p: [
      'Hoshizora Motors said on Tuesday it will build a battery cell plant in Kitamori Prefecture, investing ¥310 billion and creating about 1,800 jobs.',
      'The plant will make cells for small electric delivery vans, a segment where the company says demand from logistics firms is growing fastest.',
      'The prefecture offered land on a reclaimed industrial site and will upgrade a port road. Production is due to begin in 2028.',
    ],
  },
  {
    s: 'business/companies', ago: 75, img: 'city', a: ['arakawa'],
    h: 'Convenience Store Chain Tests Night Shifts Run From a Remote Desk',
    d: 'A single staff member will oversee up to five stores by video between midnight and 5 a.m.',
    dl: 'TOKYO',
    cap: 'A convenience store in a residential neighborhood late at night.',
    t: ['Aging Society', 'AI'],
    p: [
      'A major convenience store chain will test running stores overnight with a remote attendant who watches up to five shops by video and can speak to customers through a screen.',
      'The company said the trial, at 12 stores, responds to a shortage of night staff. A union representing store owners said it would watch closely for effects on safety.',
    ],
  },
  {
    s: 'business/companies', ago: 400, img: 'city', a: ['arakawa'],
    h: 'Regional Lender Merger Creates Nation’s Fifth-Largest Bank Group',
    d: 'The combined group will close about 60 overlapping branches over five years.',
    dl: 'OSAKI',
    cap: 'The headquarters of one of the two merging banks.',
    t: ['Economy'],
    p: [
      'Two regional banks agreed on Monday to merge, creating the country’s fifth-largest bank group by deposits.',
      'The group will close about 60 branches where the two overlap and invest the savings in online services and loans to small firms, executives said.',
    ],
  },
  {
    s: 'business/markets', ago: 6, img: 'chart', a: ['arakawa'],
    h: 'Stocks Close at Three-Month High as Chipmakers Rally',
    d: 'The benchmark index rose 1.6%, its largest gain in six weeks.',
    dl: 'TOKYO',
    cap: 'An electronic board shows share prices at a securities firm.',
    t: ['Economy'],
    p: [
      'Stocks closed at a three-month high on Wednesday, led by makers of chip equipment after strong export data.',
      'The benchmark index rose 1.6%. Exporters also gained as the currency eased against the dollar.',
    ],
  },
  {
    s: 'business/markets', ago: 220, img: 'chart', a: ['arakawa'],
    h: 'Rice Futures Fall as Bumper Harvest Eases Supply Worries',
    d: 'Prices have dropped 12% since the harvest began.',
    dl: 'OSAKI',
    cap: 'Rice is harvested in a field in Minamihara Prefecture.',
    t: ['Food Culture', 'Economy'],
    p: [
      'Rice futures fell for a sixth straight session on Thursday as a bumper harvest eased the supply worries that pushed prices to records last year.',
      'The farm ministry estimates this year’s crop at 6% above last year’s.',
    ],
  },
  // World
  {
    s: 'world/asia-pacific', ago: 4, top: true, img: 'globe', a: ['okafor'],
    h: 'Regional Leaders Agree to Joint Fund for Typhoon Early Warnings',
    d: 'Twelve countries will share radar data and pay into a fund for small island states.',
    dl: 'CASTELLANE, Valdoria',
    cap: 'Leaders pose for a group photo at the summit venue in Castellane.',
    t: ['Diplomacy', 'Climate', 'Disasters'],
    p: [
      'Leaders of twelve Asia-Pacific countries agreed on Thursday to set up a joint fund for typhoon early-warning systems and to share weather radar data in real time.',
      'The fund will initially hold $800 million, with the largest share paid by the biggest economies, and will pay for radars and alert networks in small island states.',
      'Prime Minister Haruto Kanzaki, who attended the summit in the fictional Valdorian capital, said the country would contribute expertise from its own warning system as well as money.',
    ],
  },
  {
    s: 'world/asia-pacific', ago: 45, img: 'globe', a: ['okafor'],
    h: 'Merrow Holds First Local Elections Under New Constitution',
    d: 'Turnout reached 71%, well above the level observers had expected.',
    dl: 'NORHAVEN, Merrow',
    cap: 'Voters queue at a polling station in Norhaven.',
    t: ['Elections', 'Diplomacy'],
    p: [
      'Voters in the island republic of Merrow chose mayors and councils on Sunday in the first local elections held under the constitution adopted last year.',
      'Turnout reached 71%, the electoral commission said. Regional observers reported long queues but no serious irregularities.',
    ],
  },
  {
    s: 'world/asia-pacific', ago: 260, img: 'globe', a: ['okafor'],
    h: 'Ferry Link Between Hakuro and Merrow to Resume After 30 Years',
    d: 'A weekly service will start in spring, carrying passengers and light cargo.',
    dl: 'PORT HAKURO',
    cap: 'The ferry terminal at Port Hakuro, which will handle the new service.',
    t: ['Transport', 'Tourism', 'Diplomacy'],
    p: [
      'A weekly ferry between Hakuro Island and the republic of Merrow will resume in spring, three decades after the last service was withdrawn.',
      'Officials on both sides said the route would carry tourists, students and light cargo, and could become more frequent if demand grows.',
    ],
  },
  {
    s: 'world/europe', ago: 18, img: 'globe', a: ['lindqvist'],
    h: 'Valdoria and Esteria Sign Treaty Ending Decades-Old Border Dispute',
    d: 'The treaty sets a river boundary and creates a shared nature reserve.',
    dl: 'CASTELLANE, Valdoria',
    cap: 'Foreign ministers shake hands after the signing ceremony.',
    t: ['Diplomacy'],
    p: [
      'Valdoria and Esteria signed a treaty on Saturday that ends a dispute over their mountain border dating back more than 60 years.',
      'The treaty follows the course of the Aller River and turns a contested valley into a nature reserve managed by both countries.',
      '“Our grandparents argued about this line. Our grandchildren will hike across it,” Esteria’s foreign minister said at the ceremony.',
    ],
  },
  {
    s: 'world/europe', ago: 110, img: 'globe', a: ['lindqvist'],
    h: 'European Rail Operators Launch Single Ticket for Night Trains',
    d: 'Passengers will be able to book cross-border sleepers on one site from next year.',
    dl: 'LUNDMARK, Esteria',
    cap: 'A night train prepares to depart from Lundmark Central Station.',
    t: ['Transport', 'Tourism'],
    p: [
      'Seven rail operators said on Tuesday they will sell cross-border night train journeys as a single ticket from next year, ending the need to book each leg separately.',
      'Passenger groups have long complained that booking a sleeper across several countries required visits to several websites and offered no protection if a connection was missed.',
    ],
  },
  {
    s: 'world/americas', ago: 36, img: 'globe', a: ['lindqvist'],
    h: 'Andean Copper Mine Strike Ends With 9% Pay Deal',
    d: 'Output at the mine, one of the world’s largest, is expected to recover within a week.',
    dl: 'SAN ALARIO, Corvena',
    cap: 'Workers leave the mine gate after the strike ended.',
    t: ['Trade'],
    p: [
      'Workers at one of the largest copper mines in the fictional republic of Corvena returned to work on Monday after accepting a 9% pay increase, ending a three-week strike.',
      'Copper prices, which had risen during the stoppage, eased on the news.',
    ],
  },
  {
    s: 'world/americas', ago: 500, img: 'globe', a: ['lindqvist'],
    h: 'Pacific Trade Ministers Back Rules on Digital Customs Paperwork',
    d: 'Paper certificates of origin would be phased out within five years.',
    dl: 'PUERTO LUZ, Corvena',
    cap: 'Trade ministers arrive for talks in Puerto Luz.',
    t: ['Trade', 'Diplomacy'],
    p: [
      'Trade ministers from around the Pacific endorsed rules on Friday that would let exporters file customs certificates electronically in every member economy.',
      'Business groups said the change could cut days from shipping times for small exporters.',
    ],
  },
  // Science & Nature
  {
    s: 'science-nature/technology', ago: 7, top: true, img: 'orbit', a: ['ishikura'],
    h: 'Domestic Rocket Puts Weather Satellite Into Orbit on Second Attempt',
    d: 'The launch comes four months after a first attempt was aborted seconds before liftoff.',
    dl: 'TANEGAWA, Minamihara Pref.',
    cap: 'The rocket lifts off from the Tanegawa launch site on Thursday morning.',
    t: ['Space'],
    p: [
      'A domestically built rocket placed a new weather satellite into orbit on Thursday, four months after a first attempt was called off seconds before liftoff because of a sensor fault.',
      'The satellite will take images of clouds over the region every two and a half minutes, twice as often as the craft it replaces, which forecasters say will help track fast-developing storms.',
      'The space agency said the satellite had deployed its solar panels and was communicating normally.',
    ],
    upd: [{ ago: 5, note: 'Adds confirmation that the satellite deployed its solar panels.' }],
  },
  {
    s: 'science-nature/technology', ago: 40, img: 'orbit', a: ['ishikura'],
    h: 'Researchers Build Translation Earpiece for Sign Language Conversations',
    d: 'A camera on a lanyard reads signs and speaks them aloud; replies appear as text.',
    dl: 'TSUKIYAMA',
    cap: 'A researcher demonstrates the prototype at a university laboratory.',
    t: ['AI', 'Education'],
    p: [
      'A team at Tsukiyama University has built a prototype device that reads sign language through a small camera and speaks a translation through an earpiece worn by a hearing conversation partner.',
      'Replies are turned into text on a phone screen. The researchers said the device recognized everyday signs with about 92% accuracy in tests and that deaf users were involved at every stage.',
    ],
  },
  {
    s: 'science-nature/technology', ago: 300, img: 'orbit', a: ['ishikura'],
    h: 'Hospitals Begin Sharing AI Models Without Sharing Patient Data',
    d: 'Twenty hospitals trained a scan-reading model by exchanging only model updates.',
    dl: 'TOKYO',
    cap: 'A radiologist reviews scans at a participating hospital.',
    t: ['AI', 'Health'],
    p: [
      'Twenty hospitals have trained a model that flags early signs of lung disease on scans without any patient images leaving the hospitals, researchers said on Monday.',
      'Each hospital trained the model on its own data and sent only the changes to a central server. The researchers said the approach could speed up the use of AI in medicine while protecting privacy.',
    ],
  },
  {
    s: 'science-nature/environment', ago: 16, img: 'forest', a: ['ishikura'],
    h: 'Rare Crested Ibis Chicks Hatch in the Wild on Aozora Coast',
    d: 'It is the first wild hatching recorded in the prefecture in more than 50 years.',
    dl: 'AOZORA',
    cap: 'Wetlands near the Aozora coast where the birds nested.',
    t: ['Wildlife'],
    p: [
      'Two crested ibis chicks have hatched in the wild on the Aozora coast, the first recorded in the prefecture in more than half a century, the environment ministry said on Monday.',
      'The parents were released from a breeding center three years ago. Local farmers have cut pesticide use in nearby rice paddies to increase the insects and frogs the birds feed on.',
    ],
  },
  {
    s: 'science-nature/environment', ago: 80, img: 'forest', a: ['ishikura'],
    h: 'Offshore Wind Farm Off Kitamori Begins Supplying Power',
    d: 'The 32 turbines can power about 300,000 households.',
    dl: 'KITAMORI',
    cap: 'Wind turbines stand off the Kitamori coast.',
    t: ['Energy', 'Climate'],
    p: [
      'The first large offshore wind farm off Kitamori Prefecture began sending power to the grid on Friday.',
      'Its 32 turbines have a combined capacity of 480 megawatts. Fishing cooperatives, which negotiated compensation and access rules, will share in the revenue.',
    ],
  },
  {
    s: 'science-nature/environment', ago: 600, img: 'forest', a: ['ishikura'],
    h: 'Cherry Blossom Forecasters Add Heat-Stress Index to Spring Outlook',
    d: 'Warm winters are confusing the trees’ internal calendars, researchers say.',
    dl: 'TOKYO',
    cap: 'Cherry trees along a river in early spring.',
    t: ['Climate'],
    p: [
      'Forecasters who predict when cherry trees bloom will add a heat-stress index to their spring outlook after several warm winters left trees in the south blooming late and unevenly.',
      'Trees need a period of cold to bloom on time, researchers explained; without it, flowering can be delayed even when spring is warm.',
    ],
  },
  // Culture
  {
    s: 'culture/arts-entertainment', ago: 9, img: 'lantern', a: ['fujisaki'],
    h: 'Animated Film About a Lighthouse Keeper Wins Top Prize at Asian Festival',
    d: 'Director Aya Kurosawa thanked the fishing town where she grew up.',
    dl: 'CASTELLANE, Valdoria',
    cap: 'A still from the film, showing the lighthouse at night.',
    t: ['Film'],
    p: [
      'An animated film about a lighthouse keeper who befriends a lost seal won the top prize at a major Asian film festival on Saturday.',
      'Director Aya Kurosawa, 34, dedicated the award to the fishing town where she grew up and where much of the film is set.',
      'The film opens in cinemas nationwide next month.',
    ],
  },
  {
    s: 'culture/arts-entertainment', ago: 66, img: 'lantern', a: ['fujisaki'],
    h: 'Century-Old Kabuki Theater Reopens After Earthquake Retrofit',
    d: 'The restoration kept the original cypress stage and hand-painted curtain.',
    dl: 'OSAKI',
    cap: 'The restored stage of the theater before its reopening.',
    t: ['Festivals'],
    p: [
      'A kabuki theater built more than 100 years ago reopened in Osaki on Sunday after a four-year project to strengthen it against earthquakes.',
      'Engineers added steel frames hidden inside the walls while craftsmen preserved the cypress stage and the hand-painted curtain.',
    ],
  },
  {
    s: 'culture/arts-entertainment', ago: 450, img: 'lantern', a: ['fujisaki'], acc: 'members',
    h: 'Jazz Pianist Mei Sakuragi Announces Farewell Tour at 80',
    d: 'The tour will visit the 12 small clubs where she played in the 1960s.',
    dl: 'TOKYO',
    cap: 'A grand piano on a small club stage.',
    t: ['Music'],
    p: [
      'Jazz pianist Mei Sakuragi, 80, will make a farewell tour next year of the 12 small clubs where she first played in the 1960s.',
      '“I want to end where I began, close enough to the audience to hear them breathing,” she said.',
    ],
  },
  {
    s: 'culture/food', ago: 22, img: 'lantern', a: ['fujisaki'],
    h: 'Ramen Shops Band Together to Save Their Noodle Maker',
    d: '140 shops have pledged to buy noodles in advance to keep a family mill open.',
    dl: 'TSUKIYAMA',
    cap: 'Fresh noodles are cut at the family mill in Tsukiyama.',
    t: ['Food Culture'],
    p: [
      'More than 140 ramen shops in and around Tsukiyama have pledged to pay in advance for noodles to keep their supplier, a family-run mill founded in 1952, from closing.',
      'The mill’s owner said rising flour and energy costs had wiped out its margins. “They are not customers, they are neighbors,” he said of the shops.',
    ],
  },
  {
    s: 'culture/food', ago: 350, img: 'lantern', a: ['fujisaki'],
    h: 'Sake Brewers Turn to Local Rice Varieties Once Thought Lost',
    d: 'Seeds kept in a university gene bank have revived three old strains.',
    dl: 'KITAMORI',
    cap: 'A brewer checks a batch of fermenting sake.',
    t: ['Food Culture'],
    p: [
      'Sake brewers in Kitamori are making limited batches from three rice varieties that had not been grown commercially for decades, using seeds preserved in a university gene bank.',
      'Brewers say the old varieties are harder to grow but give the sake a distinctive character.',
    ],
  },
  // Sports
  {
    s: 'sports/baseball', ago: 12, top: true, img: 'field', a: ['whitfield'],
    h: 'Shiranami Seagulls Win First Championship in 38 Years',
    d: 'A ninth-inning double by rookie Kaito Mori settled Game 6.',
    dl: 'SHIRANAMI',
    cap: 'Seagulls players celebrate on the field after the final out.',
    t: ['Baseball'],
    p: [
      'The Shiranami Seagulls won their first championship in 38 years on Sunday, beating the Osaki Lions 4-3 in Game 6 on a two-run double in the ninth inning by rookie Kaito Mori.',
      'Mori, 20, was called up from the minor leagues in July. “I just closed my eyes and swung,” he said, laughing, after being doused by teammates.',
      'Thousands of fans filled the streets around the stadium. The city will hold a parade next weekend.',
    ],
    upd: [{ ago: 10, note: 'Adds comments from Mori and plans for a parade.' }],
  },
  {
    s: 'sports/baseball', ago: 90, img: 'field', a: ['whitfield'],
    h: 'Two-Way Star Ren Takeda Signs Five-Year Deal With Osaki Lions',
    d: 'The contract is the largest in the league’s history.',
    dl: 'OSAKI',
    cap: 'The Osaki Lions’ stadium on a game day.',
    t: ['Baseball'],
    p: [
      'Ren Takeda, who both pitches and hits, signed a five-year contract with the Osaki Lions on Wednesday, the largest deal in the league’s history.',
      'Takeda, 26, led the league in strikeouts and finished third in home runs this season.',
    ],
  },
  {
    s: 'sports/baseball', ago: 700, img: 'field', a: ['whitfield'],
    h: 'High School Tournament to Add Cooling Breaks After Heat Concerns',
    d: 'Games will pause for ten minutes after the fifth inning.',
    dl: 'OSAKI',
    cap: 'Players line up before a high school tournament game.',
    t: ['Baseball', 'Climate'],
    p: [
      'The national high school baseball tournament will add a ten-minute cooling break after the fifth inning of every game from next summer, organizers said.',
      'Morning and evening sessions will also be used to avoid the hottest hours of the day.',
    ],
  },
  {
    s: 'sports/soccer', ago: 28, img: 'field', a: ['whitfield'],
    h: 'National Team Books Place in Continental Final With Late Winner',
    d: 'Substitute Yuna Hoshino scored in the 89th minute.',
    dl: 'CASTELLANE, Valdoria',
    cap: 'Players celebrate the winning goal in Castellane.',
    t: ['Soccer'],
    p: [
      'The women’s national team reached the final of the continental championship on Wednesday, beating the hosts 2-1 with an 89th-minute goal by substitute Yuna Hoshino.',
      'The final will be played on Sunday in Castellane.',
    ],
  },
  {
    s: 'sports/soccer', ago: 130, img: 'field', a: ['whitfield'],
    h: 'Kitamori Club Unveils Plans for Stadium Powered by Its Own Solar Roof',
    d: 'The 25,000-seat venue would produce more power than it uses over a year.',
    dl: 'KITAMORI',
    cap: 'An architect’s model of the proposed stadium.',
    t: ['Soccer', 'Energy'],
    p: [
      'A Kitamori soccer club unveiled plans for a 25,000-seat stadium with a solar roof designed to produce more electricity over a year than the venue uses.',
      'The club said surplus power would go to a nearby hospital and school.',
    ],
  },
  // Editorial
  {
    s: 'editorial/our-view', ago: 10, img: 'paper',
    h: 'Disaster Budget Must Reach the Towns That Need It Most',
    d: 'Small municipalities cannot be left to find matching funds on their own.',
    dl: '',
    cap: 'Illustration for the editorial page.',
    t: ['Budget', 'Disasters'],
    p: [
      'The government’s disaster-readiness budget is welcome in its size and its priorities. Evacuation towers, hospital backup power and earlier warnings all save lives.',
      'But the plan asks municipalities to match part of the spending. For the smallest towns on the coast, whose tax bases have shrunk with their populations, that requirement could mean the money never arrives where the risk is greatest.',
      'The Diet should amend the plan so that the matching share falls as a town’s fiscal strength falls. A warning system is only as strong as its weakest link.',
    ],
  },
  {
    s: 'editorial/our-view', ago: 100, img: 'paper',
    h: 'Rural Bus Routes Are Infrastructure, Not Charity',
    d: 'Late subsidies are a policy failure with real costs for older residents.',
    dl: '',
    cap: 'Illustration for the editorial page.',
    t: ['Transport', 'Aging Society'],
    p: [
      'For many older residents in rural areas, the bus is the only way to reach a hospital, a bank or a supermarket. When subsidies arrive late and evening services are cut, those trips simply stop.',
      'The transport ministry should treat bus subsidies with the same urgency as road repairs. A route that disappears is rarely restored.',
    ],
  },
  {
    s: 'editorial/opinion', ago: 48, img: 'paper', a: ['okafor'],
    h: 'What Ten Years of Rebuilding Taught One Coastal Town',
    d: 'The sea wall mattered less than the evacuation drills, a former mayor writes.',
    dl: '',
    cap: 'Illustration for the opinion page.',
    t: ['Disasters'],
    sr: 'coast',
    p: [
      'When Typhoon Ranka struck our town a decade ago, we learned that concrete alone does not save people. The residents who survived were the ones who knew where to go and did not wait to be told.',
      'We rebuilt the sea wall, but we also rebuilt our habits: a drill every season, a list of neighbors who need help, and a rule that nobody goes back for the car.',
      'The author, a fictional former mayor, writes for the demo edition’s opinion page.',
    ],
  },
  // Features
  {
    s: 'features/travel', ago: 24, img: 'rail', a: ['tanabe'], sr: 'rails',
    h: 'The Last Train to Yukimura Leaves at 6:12 p.m.',
    d: 'On a line that carries 90 passengers a day, every departure is a lifeline.',
    dl: 'YUKIMURA, Kitamori Pref.',
    cap: 'A single-car train crosses a bridge near Yukimura in the late afternoon.',
    t: ['Transport', 'Aging Society'],
    p: [
      'The last train to Yukimura leaves the junction at 6:12 p.m. Miss it, and the next is at 7:40 the following morning. On a winter evening the single car carries high school students, two nurses finishing a shift, and an elderly man with a bag of groceries.',
      'The line carries about 90 passengers a day, down from more than 1,000 in the 1980s. The rail operator says it loses ¥12 for every ¥1 it earns on the route and has asked the prefecture to decide its future.',
      'For the students, the answer is simple. “Without the train, I would have to live in a dormitory in the city,” said one, who is 16. “My family is here.”',
    ],
  },
  {
    s: 'features/travel', ago: 190, img: 'rail', a: ['tanabe'], sr: 'rails',
    h: 'A Station Master Who Stayed When the Staff Left',
    d: 'After the line automated its stations, one man kept coming to work anyway.',
    dl: 'KOMAGI, Kitamori Pref.',
    cap: 'The wooden station building at Komagi.',
    t: ['Transport'],
    p: [
      'When the railway removed staff from Komagi Station eight years ago, its last station master kept coming in. He sweeps the platform, shovels snow and greets every train, unpaid.',
      '“A station with nobody in it tells people the town has given up,” he said. The railway now lists him, with his permission, as a volunteer caretaker.',
    ],
  },
  {
    s: 'features/travel', ago: 380, img: 'rail', a: ['tanabe'], sr: 'rails',
    h: 'Tourists Fill Seats, but Can They Save the Line?',
    d: 'A scenic train draws weekend crowds. Weekday riders are another matter.',
    dl: 'YUKIMURA, Kitamori Pref.',
    cap: 'Passengers photograph a gorge from a sightseeing train.',
    t: ['Transport', 'Tourism'],
    p: [
      'On weekends, a sightseeing train with panoramic windows sells out weeks ahead. On weekdays, the regular trains run nearly empty.',
      'Local officials hope tourism revenue can subsidize daily service. Analysts say it rarely covers more than a fraction of the cost.',
    ],
  },
  {
    s: 'features/travel', ago: 560, img: 'mountain', a: ['fujisaki'], acc: 'paid',
    h: 'Hiking the Old Salt Road Through the Shirakami Hills',
    d: 'A four-day walk follows the path porters once used to carry salt inland.',
    dl: 'SHIRAKAMI, Aozora Pref.',
    cap: 'A stone marker on the old salt road.',
    t: ['Tourism'],
    p: [
      'For centuries, porters carried salt from the coast over the Shirakami Hills to the farming villages inland. Today their path is a four-day walk of forest, stone markers and small inns.',
      'Local volunteers have cleared and signposted the route, and a few inns offer to carry luggage ahead for hikers.',
    ],
  },
  {
    s: 'features/lifestyle', ago: 34, img: 'sea', a: ['fujisaki'], sr: 'coast',
    h: 'The Fishermen Who Came Home',
    d: 'Half the boats were lost in the typhoon. Today the harbor is full again.',
    dl: 'AOZORA',
    cap: 'Fishing boats moored in the rebuilt harbor.',
    t: ['Disasters', 'Food Culture'],
    p: [
      'When Typhoon Ranka passed, half of the harbor’s boats were gone. Many fishermen left to find work in the cities.',
      'A decade later, the harbor is full again, and a cooperative of younger fishermen sells its catch directly to restaurants through an online market. “We came home because there was something to come home to,” one said.',
    ],
  },
  {
    s: 'features/lifestyle', ago: 150, img: 'sea', a: ['fujisaki'], sr: 'coast',
    h: 'A School Rebuilt on Higher Ground',
    d: 'Pupils now walk uphill to class, and they practice the route down every month.',
    dl: 'AOZORA',
    cap: 'The new elementary school on the hillside above the town.',
    t: ['Disasters', 'Education'],
    p: [
      'The town’s elementary school was rebuilt on a hillside 30 meters above the old site. Pupils walk uphill every morning, and once a month they practice guiding younger children along the evacuation route.',
      'Teachers say the drills have become part of the school’s identity.',
    ],
  },
  {
    s: 'features/lifestyle', ago: 280, img: 'sea', a: ['fujisaki'], sr: 'coast',
    h: 'Memories Kept in a Museum of Salvaged Things',
    d: 'Photo albums, school bags and a rusted bicycle tell the story of one night.',
    dl: 'AOZORA',
    cap: 'Salvaged belongings on display at the town museum.',
    t: ['Disasters'],
    p: [
      'A small museum in the rebuilt town center holds objects found after the typhoon: photo albums, school bags, a rusted bicycle. Most were returned to their owners; some asked that they be shown.',
      'Visitors write messages on cards by the door. Many are from children who were not born when the storm hit.',
    ],
  },
  {
    s: 'features/lifestyle', ago: 44, img: 'city', a: ['tanabe'],
    h: 'Why More Young Workers Are Choosing Four-Day Weeks',
    d: 'Some firms offering shorter weeks report more applicants, not less output.',
    dl: 'TOKYO',
    cap: 'Office workers at lunchtime in a business district.',
    t: ['Economy'],
    p: [
      'A growing number of companies are offering a four-day working week, and some say they now receive more job applications than they can handle.',
      'Firms in the trial reported steady output. Labor experts cautioned that the model suits office work better than shift-based jobs.',
    ],
  },
  {
    s: 'features/lifestyle', ago: 650, img: 'mountain', a: ['fujisaki'],
    h: 'A Hot-Spring Town Reinvents Itself as a Place to Work Remotely',
    d: 'Empty inns have become shared offices with a view of the steam.',
    dl: 'YUMORI, Aozora Pref.',
    cap: 'Steam rises from the hot springs in Yumori.',
    t: ['Tourism', 'Housing'],
    p: [
      'In Yumori, a hot-spring town that lost half its inns in 20 years, three empty buildings have become shared offices for remote workers who stay for weeks or months.',
      'The town offers subsidized rent for stays of a month or longer. Some newcomers have bought houses.',
    ],
  },
  // More news to fill the lists
  {
    s: 'society/general-news', ago: 0.7, img: 'rain', a: ['tanabe'],
    h: 'Shiranami Line Partially Resumes as Rain Eases',
    d: 'Services between the junction and Tsukiyama are running; the mountain section stays closed.',
    dl: 'MINAMIHARA',
    cap: 'Passengers wait on a platform as services resume.',
    t: ['Transport', 'Disasters'],
    p: [
      'Services on the Shiranami Line partially resumed on Thursday morning as the rain eased, the operator said, though the section through the mountains will stay closed while crews inspect slopes.',
      'Evacuation advisories remained in force in two of the three towns.',
    ],
  },
  {
    s: 'business/economy', ago: 52, img: 'chart', a: ['arakawa'],
    h: 'Household Spending Rises as Wage Gains Reach Smaller Firms',
    d: 'Spending on eating out and travel led the increase.',
    dl: 'TOKYO',
    cap: 'Shoppers in a department store food hall.',
    t: ['Economy'],
    p: [
      'Household spending rose 1.9% in September from a year earlier, the fastest pace in two years, as wage increases spread from large companies to smaller ones, according to demo survey data.',
      'Spending on eating out and travel led the increase.',
    ],
  },
  {
    s: 'politics/politics-government', ago: 240, img: 'chamber', a: ['morimoto'],
    h: 'Diet Passes Law Requiring Plain-Language Versions of New Regulations',
    d: 'Ministries must publish a summary that a middle-school student could follow.',
    dl: 'TOKYO',
    cap: 'The Diet building seen from the main gate.',
    t: ['Education'],
    p: [
      'The Diet on Friday passed a law requiring ministries to publish a plain-language summary alongside every new regulation.',
      'Supporters said the law would help small businesses and non-specialists understand rules that affect them.',
    ],
  },
  {
    s: 'science-nature/technology', ago: 120, img: 'orbit', a: ['ishikura'],
    h: 'Lunar Rover Built by University Students Passes Vacuum Test',
    d: 'The 9-kilogram rover could fly on a commercial lander in 2028.',
    dl: 'TSUKIYAMA',
    cap: 'Students inspect the rover in a test chamber.',
    t: ['Space', 'Education'],
    p: [
      'A lunar rover built by students at Tsukiyama University passed a two-week test in a vacuum chamber that mimics conditions on the Moon, the team said.',
      'The 9-kilogram rover could fly on a commercial lander in 2028 if funding is secured.',
    ],
  },
  {
    s: 'world/europe', ago: 58, img: 'globe', a: ['lindqvist'],
    h: 'Esteria Votes to Keep Its Night-Time Ban on Delivery Drones',
    d: 'Parliament rejected a proposal to allow drone deliveries after 10 p.m.',
    dl: 'LUNDMARK, Esteria',
    cap: 'A delivery drone during a daytime trial in Lundmark.',
    t: ['AI'],
    p: [
      'Esteria’s parliament voted on Thursday to keep a ban on delivery drones flying after 10 p.m., rejecting a proposal backed by online retailers.',
      'Residents’ groups had campaigned against noise over homes at night.',
    ],
  },
  {
    s: 'culture/arts-entertainment', ago: 180, img: 'lantern', a: ['fujisaki'],
    h: 'Lantern Festival Returns to Osaki Canal With 10,000 Lights',
    d: 'Volunteers folded the paper lanterns over six months.',
    dl: 'OSAKI',
    cap: 'Paper lanterns float along the Osaki canal at dusk.',
    t: ['Festivals'],
    p: [
      'About 10,000 paper lanterns floated along the Osaki canal on Saturday as the city’s lantern festival returned after a five-year break.',
      'Volunteers, many of them students, folded the lanterns over six months.',
    ],
  },
  {
    s: 'sports/soccer', ago: 72, img: 'field', a: ['whitfield'],
    h: 'League Introduces Semi-Automated Offside Calls From Next Season',
    d: 'Cameras in every stadium will track players’ limbs 50 times a second.',
    dl: 'TOKYO',
    cap: 'A referee checks a monitor during a match.',
    t: ['Soccer', 'AI'],
    p: [
      'The top domestic soccer league will use semi-automated offside technology in every match from next season, it said on Tuesday.',
      'Cameras will track players 50 times a second; referees will still make the final call.',
    ],
  },
  {
    s: 'business/companies', ago: 30.5, img: 'city', a: ['arakawa'],
    h: 'Railway Operator to Sell Unused Station Land for Housing',
    d: 'About 40 plots near suburban stations will become affordable rental homes.',
    dl: 'TOKYO',
    cap: 'A vacant lot beside a suburban station.',
    t: ['Housing', 'Transport'],
    p: [
      'A major railway operator will sell about 40 plots of unused land near suburban stations to developers who agree to build affordable rental homes.',
      'The company said homes near stations would also support ridership on its lines.',
    ],
  },
  {
    s: 'society/general-news', ago: 310, img: 'city', a: ['tanabe'],
    h: 'Libraries Lend Out Air Conditioners... and Quiet Rooms',
    d: 'Several cities turned libraries into cooling centers during the summer.',
    dl: 'TSUKIYAMA',
    cap: 'Residents read in a cooled library reading room.',
    t: ['Climate', 'Aging Society'],
    p: [
      'Several cities turned their public libraries into cooling centers during the summer, staying open later and offering quiet rooms to older residents without air conditioning at home.',
      'Librarians said many visitors came back in the autumn for the books.',
    ],
  },
];
