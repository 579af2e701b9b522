print("the fake sky never runs this")
